package dev.clerksync.reconcile;

import dev.clerksync.metrics.SyncMetrics;
import dev.clerksync.persistence.Threads;
import dev.clerksync.persistence.Transactions;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconciles on one thread of its own, one at a time across threads and nodes: a run holds
 * the {@link ReconcileLease}, renewed every third of its term for as long as it lasts, and a second
 * start, here or on another node, is refused. Closing stops a run between two pages: each page is
 * its own transaction, so the table stays consistent.
 */
public final class ReconcileJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileJobs.class);

    private final SyncMetrics metrics;

    private final ReconcileLease lease;
    private final Reconciler reconciler;
    private final Clock clock;
    private final Threads threads = new Threads("clerk-sync-reconcile");
    private final ExecutorService executor = Executors.newSingleThreadExecutor(threads);
    private final Threads renewerThreads = new Threads("clerk-sync-reconcile-lease");
    private final ScheduledThreadPoolExecutor renewer = new ScheduledThreadPoolExecutor(1, renewerThreads);
    private ReconcileRun last;

    public ReconcileJobs(Transactions transactions, Reconciler reconciler, SyncMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.lease = new ReconcileLease(transactions);
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
        String holder = UUID.randomUUID().toString();
        if (!lease.take(holder)) {
            throw new ReconcileRunningException("a reconcile is running on another node");
        }
        ReconcileRun run = new ReconcileRun(options, clock.instant());
        long renewEvery = ReconcileLease.TERM.toSeconds() / 3;
        ScheduledFuture<?> renewal;
        try {
            renewal = renewer.scheduleWithFixedDelay(() -> renew(holder), renewEvery, renewEvery, TimeUnit.SECONDS);
            executor.execute(() -> execute(run, holder, renewal));
        } catch (RejectedExecutionException e) {
            lease.release(holder);
            throw new IllegalStateException("clerk-sync is stopping", e);
        }
        last = run;
        return run;
    }

    /** The run under way, else the last one since this node started. */
    public synchronized Optional<ReconcileRun> last() {
        return Optional.ofNullable(last);
    }

    private void execute(ReconcileRun run, String holder, ScheduledFuture<?> renewal) {
        LOG.info("Reconcile started (scope={}, dryRun={}, deleteMissing={})", run.options().scope().key(),
                run.options().dryRun(), run.options().deleteMissing());
        ReconcileRun.State end = ReconcileRun.State.COMPLETED;
        RuntimeException failure = null;
        try {
            reconciler.run(run);
        } catch (InterruptedException e) {
            end = ReconcileRun.State.CANCELLED;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                end = ReconcileRun.State.CANCELLED;
            } else {
                end = ReconcileRun.State.FAILED;
                failure = e;
            }
        } finally {
            // Released before the run counts as ended: whoever sees it ended may start the next at once.
            renewal.cancel(false);
            release(holder);
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

    private void renew(String holder) {
        try {
            if (!lease.renew(holder)) {
                LOG.warn("The reconcile lease expired before it was renewed: another node may start a run meanwhile");
            }
        } catch (RuntimeException e) {
            LOG.warn("Renewing the reconcile lease failed, trying again in {} s: {}",
                    ReconcileLease.TERM.toSeconds() / 3, e.toString());
        }
    }

    private void release(String holder) {
        try {
            lease.release(holder);
        } catch (RuntimeException e) {
            LOG.warn("Releasing the reconcile lease failed; it expires within {} s: {}",
                    ReconcileLease.TERM.toSeconds(), e.toString());
        }
    }

    /** Interrupts a run between pages and waits for its thread to end. */
    @Override
    public void close() {
        threads.stop(executor);
        renewerThreads.stop(renewer);
    }
}
