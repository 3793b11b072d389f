package dev.clerksync.reconcile;

import dev.clerksync.clerk.ClerkApiException;
import dev.clerksync.clerk.ClerkClient;
import dev.clerksync.persistence.Transactions;
import dev.clerksync.sync.SyncOutcome;
import dev.clerksync.users.ClerkUser;
import dev.clerksync.users.UserChange;
import dev.clerksync.users.UserRepository;
import dev.clerksync.users.UserSync;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings Clerk's users into the table through the same {@link UserSync} as the webhook, so its
 * ordering guard and tombstones hold: a newer local row is never overwritten, and a deleted user is
 * never brought back by an older copy. Each page is its own transaction (lock the page's users,
 * load, decide, write: a few statements), so a run stopped anywhere leaves a consistent table.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    /** Clerk's largest page. */
    static final int PAGE_SIZE = 500;
    private static final int PROGRESS_EVERY_PAGES = 20;

    private final ClerkClient clerk;
    private final Transactions transactions;
    private final UserSync sync;
    private final UserRepository users;
    private final Clock clock;
    private final ClerkUserPages.Sleeper sleeper;

    public Reconciler(ClerkClient clerk, Transactions transactions, UserSync sync, UserRepository users, Clock clock) {
        this(clerk, transactions, sync, users, clock, duration -> Thread.sleep(duration.toMillis()));
    }

    Reconciler(ClerkClient clerk, Transactions transactions, UserSync sync, UserRepository users, Clock clock,
            ClerkUserPages.Sleeper sleeper) {
        this.clerk = clerk;
        this.transactions = transactions;
        this.sync = sync;
        this.users = users;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Re-syncs one user from Clerk; a user Clerk does not have is deleted here, with a tombstone at now. */
    public SyncOutcome reconcileOne(String userId) {
        UserChange change;
        try {
            change = new UserChange.Mirror(clerk.user(userId));
        } catch (ClerkApiException.NotFound e) {
            change = new UserChange.Delete(userId, clock.instant());
        }
        return apply(List.of(change), true).get(0);
    }

    /**
     * Walks Clerk's whole list into the table, then with deleteMissing removes the local users it
     * did not list. {@code session} is the run's own connection (autocommit), for its bookkeeping.
     */
    void run(ReconcileRun run, Connection session) throws InterruptedException, SQLException {
        ReconcileOptions options = run.options();
        ClerkUserPages pages = new ClerkUserPages(clerk, PAGE_SIZE, sleeper);
        long started = System.nanoTime();
        int pageCount = 0;
        try (SeenUsers seen = options.deleteMissing() ? SeenUsers.create(session, users) : null) {
            for (List<ClerkUser> page = pages.next(); !page.isEmpty(); page = pages.next()) {
                stopIfInterrupted();
                List<UserChange> changes = new ArrayList<>(page.size());
                page.forEach(user -> changes.add(new UserChange.Mirror(user)));
                run.add(page.size(), apply(changes, !options.dryRun()));
                if (seen != null) {
                    seen.add(changes.stream().map(UserChange::userId).toList());
                }
                if (++pageCount % PROGRESS_EVERY_PAGES == 0) {
                    logProgress(run, started);
                }
            }
            if (seen != null) {
                if (pages.walkedByOffset()) {
                    LOG.warn("Reconcile: no user deleted as missing: Clerk refused the cursor, and a walk by offset"
                            + " can skip users when others are deleted meanwhile");
                } else {
                    deleteMissing(run, seen);
                }
            }
        }
        logProgress(run, started);
    }

    /** Local users Clerk did not list and nothing wrote since the run began, a page at a time. */
    private void deleteMissing(ReconcileRun run, SeenUsers seen) throws InterruptedException, SQLException {
        String after = "";
        for (List<String> ids = seen.missing(after, run.startedAt(), PAGE_SIZE); !ids.isEmpty();
                ids = seen.missing(after, run.startedAt(), PAGE_SIZE)) {
            stopIfInterrupted();
            after = ids.get(ids.size() - 1);
            Instant now = clock.instant();
            // Checked again under the users' locks: a webhook may have written one since the select.
            List<UserChange> deletes = new ArrayList<>();
            ids.forEach(id -> deletes.add(new UserChange.DeleteUnlisted(id, now, run.startedAt())));
            run.add(0, apply(deletes, !run.options().dryRun()));
        }
    }

    /** Applies the changes in one transaction (or, with {@code write} false, only decides them); stale counts as unchanged. */
    private List<SyncOutcome> apply(List<UserChange> changes, boolean write) {
        List<SyncOutcome> outcomes = transactions.inTransaction(connection ->
                write ? sync.apply(connection, changes) : sync.decide(connection, changes));
        return outcomes.stream().map(outcome -> outcome.applied() ? outcome : SyncOutcome.UNCHANGED).toList();
    }

    private static void stopIfInterrupted() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("reconcile stopped");
        }
    }

    private static void logProgress(ReconcileRun run, long startedNanos) {
        ReconcileCounts counts = run.counts();
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        LOG.info("Reconcile{}: {} Clerk users seen, {} created, {} updated, {} unchanged, {} deleted, in {} s ({} users/s)",
                run.options().dryRun() ? " (dry run)" : "", counts.seen(), counts.created(), counts.updated(),
                counts.unchanged(), counts.deleted(), took.toSeconds(),
                counts.seen() * 1000 / Math.max(1, took.toMillis()));
    }
}
