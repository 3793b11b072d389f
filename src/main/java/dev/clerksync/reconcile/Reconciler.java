package dev.clerksync.reconcile;

import dev.clerksync.clerk.ClerkApiException;
import dev.clerksync.clerk.ClerkClient;
import dev.clerksync.organizations.MembershipRow;
import dev.clerksync.organizations.OrganizationChange;
import dev.clerksync.organizations.OrganizationRepository;
import dev.clerksync.organizations.OrganizationRow;
import dev.clerksync.organizations.OrganizationSync;
import dev.clerksync.persistence.Transactions;
import dev.clerksync.sync.SyncOutcome;
import dev.clerksync.users.ClerkUser;
import dev.clerksync.users.UserChange;
import dev.clerksync.users.UserRepository;
import dev.clerksync.users.UserSync;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.jdbc.ReturningWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings Clerk's users, organizations and memberships into the tables through the same
 * {@link UserSync} and {@link OrganizationSync} as the webhook, so their ordering guards and
 * tombstones hold: a newer local row is never overwritten, and a deleted object is never brought
 * back by an older copy. Each page is its own transaction (lock the page's objects, load, decide,
 * write: a few statements), so a run stopped anywhere leaves consistent tables.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    /** Clerk's largest page. */
    static final int PAGE_SIZE = 500;
    private static final int PROGRESS_EVERY_PAGES = 20;
    // The temporary tables of the ids a run saw, one per kind, on the run's own connection.
    private static final String SEEN_USERS = "users";
    private static final String SEEN_ORGANIZATIONS = "organizations";
    private static final String SEEN_MEMBERSHIPS = "memberships";

    private final ClerkClient clerk;
    private final Transactions transactions;
    private final UserSync sync;
    private final UserRepository users;
    private final OrganizationSync organizationSync;
    private final OrganizationRepository organizations;
    private final Clock clock;
    private final ClerkUserPages.Sleeper sleeper;

    public Reconciler(ClerkClient clerk, Transactions transactions, UserSync sync, UserRepository users,
            OrganizationSync organizationSync, OrganizationRepository organizations, Clock clock) {
        this(clerk, transactions, sync, users, organizationSync, organizations, clock,
                duration -> Thread.sleep(duration.toMillis()));
    }

    Reconciler(ClerkClient clerk, Transactions transactions, UserSync sync, UserRepository users,
            OrganizationSync organizationSync, OrganizationRepository organizations, Clock clock,
            ClerkUserPages.Sleeper sleeper) {
        this.clerk = clerk;
        this.transactions = transactions;
        this.sync = sync;
        this.users = users;
        this.organizationSync = organizationSync;
        this.organizations = organizations;
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
     * Walks Clerk's lists of the run's scope into the tables, then with deleteMissing removes the
     * local rows they did not list.
     */
    void run(ReconcileRun run) throws InterruptedException {
        if (run.options().scope().users()) {
            reconcileUsers(run);
        }
        if (run.options().scope().organizations()) {
            reconcileOrganizations(run);
        }
    }

    private void reconcileUsers(ReconcileRun run) throws InterruptedException {
        ReconcileOptions options = run.options();
        ClerkUserPages pages = new ClerkUserPages(clerk, PAGE_SIZE, sleeper);
        long started = System.nanoTime();
        int pageCount = 0;
        try (SeenIds seen = options.deleteMissing() ? SeenIds.create(transactions, SEEN_USERS) : null) {
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
    private void deleteMissing(ReconcileRun run, SeenIds seen) throws InterruptedException {
        String after = "";
        for (List<String> ids = unlistedUsers(run, seen, after); !ids.isEmpty(); ids = unlistedUsers(run, seen, after)) {
            stopIfInterrupted();
            after = ids.get(ids.size() - 1);
            Instant now = clock.instant();
            // Checked again under the users' locks: a webhook may have written one since the select.
            List<UserChange> deletes = new ArrayList<>();
            ids.forEach(id -> deletes.add(new UserChange.DeleteUnlisted(id, now, run.startedAt())));
            run.add(0, apply(deletes, !run.options().dryRun()));
        }
    }

    /**
     * Walks the organizations, then the memberships (each of which brings its organization too, so a
     * membership never waits for an organization created after that walk passed); then with
     * deleteMissing removes the memberships, then the organizations, that neither listed.
     */
    private void reconcileOrganizations(ReconcileRun run) throws InterruptedException {
        boolean write = !run.options().dryRun();
        boolean deleteMissing = run.options().deleteMissing();
        long started = System.nanoTime();
        ClerkOffsetPages<OrganizationRow> organizationPages = new ClerkOffsetPages<>("organization",
                clerk::organizationsAt, OrganizationRow::id, PAGE_SIZE, sleeper);
        ClerkOffsetPages<OrganizationChange.MirrorMembership> membershipPages = new ClerkOffsetPages<>("membership",
                clerk::membershipsAt, mirror -> mirror.membership().id(), PAGE_SIZE, sleeper);
        try (SeenIds seenOrganizations = deleteMissing ? SeenIds.create(transactions, SEEN_ORGANIZATIONS) : null;
             SeenIds seenMemberships = deleteMissing ? SeenIds.create(transactions, SEEN_MEMBERSHIPS) : null) {
            int pageCount = 0;
            for (List<OrganizationRow> page = organizationPages.next(); !page.isEmpty();
                    page = organizationPages.next()) {
                stopIfInterrupted();
                List<OrganizationChange> changes = new ArrayList<>(page.size());
                page.forEach(organization -> changes.add(new OrganizationChange.MirrorOrganization(organization)));
                run.addOrganizations(page.size(), applyOrganizations(changes, write));
                if (seenOrganizations != null) {
                    seenOrganizations.add(page.stream().map(OrganizationRow::id).toList());
                }
                if (++pageCount % PROGRESS_EVERY_PAGES == 0) {
                    logOrganizationProgress(run, started, organizationPages.totalCount(), 0);
                }
            }
            for (List<OrganizationChange.MirrorMembership> page = membershipPages.next(); !page.isEmpty();
                    page = membershipPages.next()) {
                stopIfInterrupted();
                run.addMemberships(page.size(), applyOrganizations(List.copyOf(page), write));
                if (seenOrganizations != null) {
                    // An organization a listed membership embeds is one Clerk has.
                    seenOrganizations.add(page.stream().map(mirror -> mirror.organization().id()).distinct().toList());
                    seenMemberships.add(page.stream().map(mirror -> mirror.membership().id()).toList());
                }
                if (++pageCount % PROGRESS_EVERY_PAGES == 0) {
                    logOrganizationProgress(run, started, organizationPages.totalCount(), membershipPages.totalCount());
                }
            }
            if (deleteMissing) {
                if (membershipPages.shifted()) {
                    LOG.warn("Reconcile: no membership deleted as missing: the list moved during the walk");
                } else {
                    deleteMissingMemberships(run, seenMemberships);
                }
                if (organizationPages.shifted()) {
                    LOG.warn("Reconcile: no organization deleted as missing: the list moved during the walk");
                } else {
                    deleteMissingOrganizations(run, seenOrganizations);
                }
            }
        }
        logOrganizationProgress(run, started, organizationPages.totalCount(), membershipPages.totalCount());
    }

    /** Local memberships neither list named and nothing wrote since the run began, a page at a time. */
    private void deleteMissingMemberships(ReconcileRun run, SeenIds seen) throws InterruptedException {
        String after = "";
        for (List<MembershipRow> rows = unlistedMemberships(run, seen, after); !rows.isEmpty();
                rows = unlistedMemberships(run, seen, after)) {
            stopIfInterrupted();
            after = rows.get(rows.size() - 1).id();
            Instant now = clock.instant();
            List<MembershipRow> candidates = rows;
            run.addMemberships(0, inTransaction(connection -> {
                List<OrganizationChange> deletes = new ArrayList<>();
                organizations.lockUnwrittenMemberships(connection, candidates, run.startedAt())
                        .forEach(row -> deletes.add(new OrganizationChange.DeleteMembership(row, now)));
                return run.options().dryRun() ? organizationSync.decide(connection, deletes)
                        : organizationSync.apply(connection, deletes);
            }));
        }
    }

    /** Local organizations Clerk did not list and nothing wrote since the run began; their memberships go along. */
    private void deleteMissingOrganizations(ReconcileRun run, SeenIds seen) throws InterruptedException {
        String after = "";
        for (List<String> ids = unlistedOrganizations(run, seen, after); !ids.isEmpty();
                ids = unlistedOrganizations(run, seen, after)) {
            stopIfInterrupted();
            after = ids.get(ids.size() - 1);
            Instant now = clock.instant();
            List<String> candidates = ids;
            run.addOrganizations(0, inTransaction(connection -> {
                List<OrganizationChange> deletes = new ArrayList<>();
                organizations.lockUnwrittenOrganizations(connection, candidates, run.startedAt())
                        .forEach(id -> deletes.add(new OrganizationChange.DeleteOrganization(id, now)));
                return run.options().dryRun() ? organizationSync.decide(connection, deletes)
                        : organizationSync.apply(connection, deletes);
            }));
        }
    }

    private List<String> unlistedUsers(ReconcileRun run, SeenIds seen, String after) {
        return transactions.inTransaction(connection ->
                users.unlisted(connection, seen.table(), after, run.startedAt(), PAGE_SIZE));
    }

    private List<MembershipRow> unlistedMemberships(ReconcileRun run, SeenIds seen, String after) {
        return transactions.inTransaction(connection ->
                organizations.unlistedMemberships(connection, seen.table(), after, run.startedAt(), PAGE_SIZE));
    }

    private List<String> unlistedOrganizations(ReconcileRun run, SeenIds seen, String after) {
        return transactions.inTransaction(connection ->
                organizations.unlistedOrganizations(connection, seen.table(), after, run.startedAt(), PAGE_SIZE));
    }

    private List<SyncOutcome> applyOrganizations(List<OrganizationChange> changes, boolean write) {
        return inTransaction(connection -> write ? organizationSync.apply(connection, changes)
                : organizationSync.decide(connection, changes));
    }

    /** One transaction; stale counts as unchanged, as for users. */
    private List<SyncOutcome> inTransaction(ReturningWork<List<SyncOutcome>> work) {
        List<SyncOutcome> outcomes = transactions.inTransaction(work);
        return outcomes.stream().map(outcome -> outcome.applied() ? outcome : SyncOutcome.UNCHANGED).toList();
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

    private static void logOrganizationProgress(ReconcileRun run, long startedNanos, long organizationsListed,
            long membershipsListed) {
        ReconcileCounts organizations = run.organizations();
        ReconcileCounts memberships = run.memberships();
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        LOG.info("Reconcile{}: organizations {} of {} seen, {} created, {} updated, {} unchanged, {} deleted;"
                + " memberships {} of {} seen, {} created, {} updated, {} unchanged, {} deleted; in {} s ({} objects/s)",
                run.options().dryRun() ? " (dry run)" : "", organizations.seen(), organizationsListed,
                organizations.created(), organizations.updated(), organizations.unchanged(), organizations.deleted(),
                memberships.seen(), membershipsListed, memberships.created(), memberships.updated(),
                memberships.unchanged(), memberships.deleted(), took.toSeconds(),
                (organizations.seen() + memberships.seen()) * 1000 / Math.max(1, took.toMillis()));
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
