package dev.clerksync.reconcile;

import dev.clerksync.sync.SyncOutcome;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One reconcile run as the job thread advances it and request threads read it: its options, its
 * counts so far, and how it ended.
 */
public final class ReconcileRun {

    /** Where a run is. */
    public enum State { RUNNING, COMPLETED, FAILED, CANCELLED }

    private final ReconcileOptions options;
    private final Instant startedAt;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile ReconcileCounts counts = ReconcileCounts.NONE;
    private volatile ReconcileCounts organizations = ReconcileCounts.NONE;
    private volatile ReconcileCounts memberships = ReconcileCounts.NONE;
    private volatile State state = State.RUNNING;
    private volatile Instant finishedAt;
    private volatile RuntimeException failure;

    ReconcileRun(ReconcileOptions options, Instant startedAt) {
        this.options = options;
        this.startedAt = startedAt;
    }

    public ReconcileOptions options() {
        return options;
    }

    /** When the run began: rows written from then on are never deleted as missing. */
    public Instant startedAt() {
        return startedAt;
    }

    /** The counts of users. */
    public ReconcileCounts counts() {
        return counts;
    }

    public ReconcileCounts organizations() {
        return organizations;
    }

    public ReconcileCounts memberships() {
        return memberships;
    }

    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Only the job thread adds, so a plain read-then-write is safe; readers see whole snapshots. */
    void add(int seenUsers, List<SyncOutcome> outcomes) {
        counts = counts.plus(seenUsers, outcomes);
    }

    void addOrganizations(int seen, List<SyncOutcome> outcomes) {
        organizations = organizations.plus(seen, outcomes);
    }

    void addMemberships(int seen, List<SyncOutcome> outcomes) {
        memberships = memberships.plus(seen, outcomes);
    }

    void finish(State end, RuntimeException cause, Instant at) {
        failure = cause;
        finishedAt = at;
        state = end;
        done.countDown();
    }

    /** Waits up to {@code timeout} for the run to end; answers whether it has. */
    public boolean await(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why a {@link State#FAILED} run failed; null otherwise. */
    public RuntimeException failure() {
        return failure;
    }

    /**
     * The run as {@code GET /api/admin/reconcile} shows it: for the users' scope the flat counts it
     * always had ({@link Status}), else the counts per kind ({@link OrganizationsStatus}, {@link AllStatus}).
     */
    public View status() {
        State at = state;
        String name = at.name().toLowerCase(Locale.ROOT);
        Instant finished = at == State.RUNNING ? null : finishedAt;
        String error = at == State.FAILED ? failure.getMessage() : null;
        ReconcileScope scope = options.scope();
        if (scope == ReconcileScope.USERS) {
            ReconcileCounts now = counts;
            return new Status(name, now.seen(), now.created(), now.updated(), now.unchanged(), now.deleted(),
                    options.dryRun(), options.deleteMissing(), startedAt, finished, error);
        }
        if (scope == ReconcileScope.ORGANIZATIONS) {
            return new OrganizationsStatus(name, scope.key(), organizations, memberships, options.dryRun(),
                    options.deleteMissing(), startedAt, finished, error);
        }
        return new AllStatus(name, scope.key(), counts, organizations, memberships, options.dryRun(),
                options.deleteMissing(), startedAt, finished, error);
    }

    /** A run as an answer shows it, whatever its scope. */
    public sealed interface View permits Status, OrganizationsStatus, AllStatus {
        /** running, completed, failed or cancelled. */
        String status();

        Instant finishedAt();

        /** Why a failed run failed; null otherwise. */
        String error();
    }

    /** {@code status} is running, completed, failed or cancelled; {@code error} says why a run failed. */
    @JsonbPropertyOrder({"status", "seen", "created", "updated", "unchanged", "deleted", "dryRun", "deleteMissing",
            "startedAt", "finishedAt", "error"})
    public record Status(String status, long seen, long created, long updated, long unchanged, long deleted,
            boolean dryRun, boolean deleteMissing, Instant startedAt, Instant finishedAt, String error)
            implements View {
    }

    /** A run of the {@code organizations} scope: the counts of each kind. */
    @JsonbPropertyOrder({"status", "scope", "organizations", "memberships", "dryRun", "deleteMissing", "startedAt",
            "finishedAt", "error"})
    public record OrganizationsStatus(String status, String scope, ReconcileCounts organizations,
            ReconcileCounts memberships, boolean dryRun, boolean deleteMissing, Instant startedAt, Instant finishedAt,
            String error) implements View {
    }

    /** A run of the {@code all} scope: users too. */
    @JsonbPropertyOrder({"status", "scope", "users", "organizations", "memberships", "dryRun", "deleteMissing",
            "startedAt", "finishedAt", "error"})
    public record AllStatus(String status, String scope, ReconcileCounts users, ReconcileCounts organizations,
            ReconcileCounts memberships, boolean dryRun, boolean deleteMissing, Instant startedAt, Instant finishedAt,
            String error) implements View {
    }
}
