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
import java.util.List;
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

    // Series that only an event would create, registered at 0 at start: increase() and rate() count
    // an increment only from a sample before it, so the first failed reconcile of a JVM would never
    // raise an alert, and panels would show "no data" rather than 0. The outcomes alerts watch are
    // registered under the type "unknown", which each of them can have (a body never read as an event).
    static final List<String> ALERTED_OUTCOMES = List.of("failed", "unavailable", "overloaded", "rejected");
    static final List<String> RECONCILE_ENDS = List.of("completed", "failed", "cancelled");
    static final List<String> RECONCILED_KINDS = List.of("users", "organizations", "memberships");
    private static final List<String> CHANGES = List.of("seen", "created", "updated", "unchanged", "deleted");

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
        for (String outcome : ALERTED_OUTCOMES) {
            deliveries(UNKNOWN_TYPE, outcome);
        }
        for (String state : RECONCILE_ENDS) {
            reconcileRuns(state);
        }
        for (String kind : RECONCILED_KINDS) {
            for (String change : CHANGES) {
                reconciled(kind, change);
            }
        }
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
        deliveries(typeLabel(type), outcome).increment();
        Timer.builder("clerk_sync_delivery_duration")
                .description("Time from a delivery's arrival to its answer")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter deliveries(String typeLabel, String outcome) {
        return Counter.builder("clerk_sync_deliveries")
                .description("Webhook deliveries by event type and outcome")
                .tag("type", typeLabel)
                .tag("outcome", outcome)
                .register(registry);
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
        reconcileRuns(state).increment();
        reconciledObjects("users", seen, created, updated, unchanged, deleted);
    }

    /**
     * What a reconcile did to one kind of object ({@code users}, {@code organizations},
     * {@code memberships}), as {@code clerk_sync_reconcile_<kind>} by change.
     */
    public void reconciledObjects(String kind, long seen, long created, long updated, long unchanged, long deleted) {
        long[] counts = {seen, created, updated, unchanged, deleted};
        for (int i = 0; i < counts.length; i++) {
            reconciled(kind, CHANGES.get(i)).increment(counts[i]);
        }
    }

    private Counter reconcileRuns(String state) {
        return Counter.builder("clerk_sync_reconcile_runs").description("Reconcile runs by how they ended")
                .tag("state", state).register(registry);
    }

    private Counter reconciled(String kind, String change) {
        return Counter.builder("clerk_sync_reconcile_" + kind)
                .description(("users".equals(kind) ? "Users" : "Clerk " + kind) + " seen and changed by reconcile runs")
                .tag("change", change).register(registry);
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
