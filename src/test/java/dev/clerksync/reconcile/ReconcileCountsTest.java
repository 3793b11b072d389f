package dev.clerksync.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.clerksync.sync.SyncOutcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a run counts what it did, and how it shows itself. */
class ReconcileCountsTest {

    private static final Instant STARTED = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void pageAddsItsUsersAndEachOutcomeToItsOwnCount() {
        ReconcileCounts counts = ReconcileCounts.NONE.plus(5, List.of(SyncOutcome.CREATED, SyncOutcome.CREATED,
                SyncOutcome.UPDATED, SyncOutcome.UNCHANGED, SyncOutcome.DELETED));

        assertEquals(new ReconcileCounts(5, 2, 1, 1, 1), counts);
    }

    @Test
    void staleChangeCountsAsUnchanged() {
        assertEquals(new ReconcileCounts(1, 0, 0, 1, 0), ReconcileCounts.NONE.plus(1, List.of(SyncOutcome.STALE)));
    }

    @Test
    void deletionSweepAddsOutcomesButNoSeenUsers() {
        ReconcileCounts counts = new ReconcileCounts(7, 1, 0, 6, 0).plus(0, List.of(SyncOutcome.DELETED));

        assertEquals(new ReconcileCounts(7, 1, 0, 6, 1), counts);
    }

    @Test
    void runningRunShowsItsCountsAndNoEnd() {
        ReconcileRun run = new ReconcileRun(new ReconcileOptions(true, false), STARTED);
        run.add(3, List.of(SyncOutcome.CREATED));

        ReconcileRun.Status status = (ReconcileRun.Status) run.status();

        assertEquals(new ReconcileRun.Status("running", 3, 1, 0, 0, 0, true, false, STARTED, null, null), status);
    }

    @Test
    void failedRunShowsWhenAndWhy() {
        ReconcileRun run = new ReconcileRun(new ReconcileOptions(false, true), STARTED);
        run.finish(ReconcileRun.State.FAILED, new IllegalStateException("Clerk answered 500"), STARTED.plusSeconds(9));

        ReconcileRun.Status status = (ReconcileRun.Status) run.status();

        assertEquals("failed", status.status());
        assertEquals(STARTED.plusSeconds(9), status.finishedAt());
        assertEquals("Clerk answered 500", status.error());
    }

    @Test
    void organizationsRunShowsTheCountsOfEachKind() {
        ReconcileRun run = new ReconcileRun(new ReconcileOptions(false, true, ReconcileScope.ORGANIZATIONS), STARTED);
        run.addOrganizations(2, List.of(SyncOutcome.CREATED, SyncOutcome.STALE));
        run.addMemberships(1, List.of(SyncOutcome.UPDATED));
        run.addMemberships(0, List.of(SyncOutcome.DELETED));

        assertEquals(new ReconcileRun.OrganizationsStatus("running", "organizations", new ReconcileCounts(2, 1, 0, 1, 0),
                new ReconcileCounts(1, 0, 1, 0, 1), false, true, STARTED, null, null), run.status());
    }

    @Test
    void allRunShowsUsersToo() {
        ReconcileRun run = new ReconcileRun(new ReconcileOptions(false, false, ReconcileScope.ALL), STARTED);
        run.add(1, List.of(SyncOutcome.UNCHANGED));

        ReconcileRun.AllStatus status = (ReconcileRun.AllStatus) run.status();

        assertEquals(new ReconcileCounts(1, 0, 0, 1, 0), status.users());
        assertEquals(ReconcileCounts.NONE, status.organizations());
        assertEquals(ReconcileCounts.NONE, status.memberships());
    }

    @Test
    void usersScopeNamedOrNotShowsTheFlatCountsItAlwaysHad() {
        ReconcileRun run = new ReconcileRun(new ReconcileOptions(false, false, ReconcileScope.USERS), STARTED);

        assertEquals(ReconcileRun.Status.class, run.status().getClass());
    }

    @Test
    void completedRunShowsNoError() {
        ReconcileRun run = new ReconcileRun(new ReconcileOptions(false, false), STARTED);
        run.finish(ReconcileRun.State.COMPLETED, null, STARTED.plusSeconds(2));

        assertEquals("completed", run.status().status());
        assertNull(run.status().error());
    }
}
