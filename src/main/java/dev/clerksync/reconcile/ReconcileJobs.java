package dev.clerksync.reconcile;

import dev.clerksync.metrics.SyncMetrics;
import dev.clerksync.persistence.DatabaseUnavailableException;
import dev.clerksync.persistence.Threads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconciles on one thread of its own, one at a time across threads and nodes: a run holds a
 * session-level advisory lock on a connection of its own for as long as it lasts, and a second
 * start, here or on another node, is refused. Closing stops a run between two pages: each page is
 * its own transaction, so the table stays consistent.
 */
public final class ReconcileJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileJobs.class);

    private final SyncMetrics metrics;

    // The two-key form: PostgreSQL keeps it apart from the one-key locks the sync takes per user.
    private static final int LOCK_CLASS = 0x636c6b73; // "clks"
    private static final int LOCK_RECONCILE = 1;
    private static final String TRY_LOCK = "select pg_try_advisory_lock(?, ?)";
    private static final String UNLOCK = "select pg_advisory_unlock(?, ?)";

    private final DataSource dataSource;
    private final Reconciler reconciler;
    private final Clock clock;
    private final Threads threads = new Threads("clerk-sync-reconcile");
    private final ExecutorService executor = Executors.newSingleThreadExecutor(threads);
    private ReconcileRun last;

    public ReconcileJobs(DataSource dataSource, Reconciler reconciler, SyncMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.dataSource = dataSource;
        this.reconciler = reconciler;
        this.clock = clock;
    }

    /**
     * Starts a run on the job thread and answers it at once.
     *
     * @throws ReconcileRunningException when a run is under way, on this node or another
     */
    public synchronized ReconcileRun start(ReconcileOptions options) {
        if (last != null && last.isRunning()) {
            throw new ReconcileRunningException("a reconcile started at " + last.startedAt() + " is still running");
        }
        Connection session = lockedSession();
        ReconcileRun run = new ReconcileRun(options, clock.instant());
        try {
            executor.execute(() -> execute(run, session));
        } catch (RejectedExecutionException e) {
            release(session);
            throw new IllegalStateException("clerk-sync is stopping", e);
        }
        last = run;
        return run;
    }

    /** The run under way, else the last one since this node started. */
    public synchronized Optional<ReconcileRun> last() {
        return Optional.ofNullable(last);
    }

    private void execute(ReconcileRun run, Connection session) {
        LOG.info("Reconcile started (scope={}, dryRun={}, deleteMissing={})", run.options().scope().key(),
                run.options().dryRun(), run.options().deleteMissing());
        ReconcileRun.State end = ReconcileRun.State.COMPLETED;
        RuntimeException failure = null;
        try {
            reconciler.run(run, session);
        } catch (InterruptedException e) {
            end = ReconcileRun.State.CANCELLED;
        } catch (SQLException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                end = ReconcileRun.State.CANCELLED;
            } else {
                end = ReconcileRun.State.FAILED;
                failure = e instanceof RuntimeException runtime ? runtime
                        : new DatabaseUnavailableException("the reconcile's own connection failed", e);
            }
        } finally {
            // Released before the run counts as ended: whoever sees it ended may start the next at once.
            release(session);
        }
        if (end == ReconcileRun.State.FAILED) {
            LOG.warn("Reconcile failed after {} Clerk users, {} organizations, {} memberships: {}",
                    run.counts().seen(), run.organizations().seen(), run.memberships().seen(), failure.toString());
        } else if (end == ReconcileRun.State.CANCELLED) {
            LOG.warn("Reconcile stopped after {} Clerk users, {} organizations, {} memberships: clerk-sync is"
                    + " stopping; every page applied so far is committed", run.counts().seen(),
                    run.organizations().seen(), run.memberships().seen());
        }
        run.finish(end, failure, clock.instant());
        ReconcileCounts counts = run.counts();
        metrics.reconcileEnded(end.name().toLowerCase(Locale.ROOT), counts.seen(), counts.created(), counts.updated(),
                counts.unchanged(), counts.deleted());
        if (run.options().scope().organizations()) {
            count("organizations", run.organizations());
            count("memberships", run.memberships());
        }
    }

    private void count(String kind, ReconcileCounts counts) {
        metrics.reconciledObjects(kind, counts.seen(), counts.created(), counts.updated(), counts.unchanged(),
                counts.deleted());
    }

    /** A connection holding the reconcile lock; refused when another session holds it. */
    private Connection lockedSession() {
        Connection session;
        try {
            session = dataSource.getConnection();
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("no connection for the reconcile", e);
        }
        try {
            session.setAutoCommit(true);
            if (lockCall(session, TRY_LOCK)) {
                return session;
            }
        } catch (SQLException e) {
            closeQuietly(session);
            throw new DatabaseUnavailableException("could not take the reconcile lock", e);
        }
        closeQuietly(session);
        throw new ReconcileRunningException("a reconcile is running on another node");
    }

    private static void release(Connection session) {
        try {
            lockCall(session, UNLOCK);
        } catch (SQLException e) {
            // The pool must not hand out a session that still holds the lock: end this one.
            LOG.warn("Releasing the reconcile lock failed, dropping its connection: {}", e.toString());
            try {
                session.abort(Runnable::run);
            } catch (SQLException ignored) {
                // closed below either way
            }
        }
        closeQuietly(session);
    }

    private static boolean lockCall(Connection session, String sql) throws SQLException {
        try (PreparedStatement statement = session.prepareStatement(sql)) {
            statement.setInt(1, LOCK_CLASS);
            statement.setInt(2, LOCK_RECONCILE);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static void closeQuietly(Connection session) {
        try {
            session.close();
        } catch (SQLException e) {
            LOG.warn("Closing the reconcile connection failed: {}", e.toString());
        }
    }

    /** Interrupts a run between pages and waits for its thread to end. */
    @Override
    public void close() {
        threads.stop(executor);
    }
}
