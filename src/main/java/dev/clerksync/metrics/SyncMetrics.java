package dev.clerksync.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The WAR's meters, in one Prometheus registry of its own (never Micrometer's global one, which
 * would outlive an undeploy): deliveries by type and outcome, how long they took, how many shared
 * a commit, role changes, and the JVM's basics. The pool adds its own gauges to {@link #registry()}.
 */
public final class SyncMetrics implements AutoCloseable {

    /** The type of a delivery refused before its body was read (size, headers, signature). */
    public static final String UNKNOWN_TYPE = "unknown";

    // Clerk's event types look like user.created or organizationMembership.updated: lower-case
    // words, camelCase within a word. Anything else, even signed, is one label: every distinct label
    // is a time series kept for the life of the JVM.
    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-zA-Z_]{0,39}(\\.[a-z][a-zA-Z_]{0,39}){1,2}");
    static final String OTHER_TYPE = "other";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final DistributionSummary batchSizes;
    private final Counter roleChanges;
    private final Counter organizationRoleChanges;

    public SyncMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        batchSizes = DistributionSummary.builder("clerk_sync_commit_batch_size")
                .description("Deliveries committed together in one transaction")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                .register(registry);
        roleChanges = Counter.builder("clerk_sync_role_changes")
                .description("Roles assigned through the admin API")
                .register(registry);
        organizationRoleChanges = Counter.builder("clerk_sync_organization_role_changes")
                .description("Roles in an organization assigned through the delegated endpoint")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The event type as a label: itself when it looks like Clerk's, else {@value #OTHER_TYPE}. */
    static String typeLabel(String type) {
        return UNKNOWN_TYPE.equals(type) || EVENT_TYPE.matcher(type).matches() ? type : OTHER_TYPE;
    }

    /** One delivery answered: its event type (or {@link #UNKNOWN_TYPE}), outcome and handling time. */
    public void delivery(String type, String outcome, long nanos) {
        Counter.builder("clerk_sync_deliveries")
                .description("Webhook deliveries by event type and outcome")
                .tag("type", typeLabel(type))
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        Timer.builder("clerk_sync_delivery_duration")
                .description("Time from a delivery's arrival to its answer")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One transaction of the group commit, holding {@code size} deliveries. */
    public void batchCommitted(int size) {
        batchSizes.record(size);
    }

    public void roleChanged() {
        roleChanges.increment();
    }

    public void organizationRoleChanged() {
        organizationRoleChanges.increment();
    }

    /** A reconcile ended ({@code completed}, {@code failed}, {@code cancelled}) with these counts of users. */
    public void reconcileEnded(String state, long seen, long created, long updated, long unchanged, long deleted) {
        Counter.builder("clerk_sync_reconcile_runs").description("Reconcile runs by how they ended")
                .tag("state", state).register(registry).increment();
        reconciled("seen", seen);
        reconciled("created", created);
        reconciled("updated", updated);
        reconciled("unchanged", unchanged);
        reconciled("deleted", deleted);
    }

    /**
     * What a reconcile of another kind did ({@code organizations}, {@code memberships}), as
     * {@code clerk_sync_reconcile_<kind>} by change; the users' keep their own counter, unchanged.
     */
    public void reconciledObjects(String kind, long seen, long created, long updated, long unchanged, long deleted) {
        long[] counts = {seen, created, updated, unchanged, deleted};
        String[] changes = {"seen", "created", "updated", "unchanged", "deleted"};
        for (int i = 0; i < counts.length; i++) {
            Counter.builder("clerk_sync_reconcile_" + kind)
                    .description("Clerk " + kind + " seen and changed by reconcile runs").tag("change", changes[i]).register(registry).increment(counts[i]);
        }
    }

    private void reconciled(String change, long users) {
        Counter.builder("clerk_sync_reconcile_users").description("Users seen and changed by reconcile runs")
                .tag("change", change).register(registry).increment(users);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
