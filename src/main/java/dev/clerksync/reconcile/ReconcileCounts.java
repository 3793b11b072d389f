package dev.clerksync.reconcile;

import dev.clerksync.sync.SyncOutcome;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** What a run has done so far to one kind of object: Clerk objects seen, and what each change did to its row. */
@JsonbPropertyOrder({"seen", "created", "updated", "unchanged", "deleted"})
public record ReconcileCounts(long seen, long created, long updated, long unchanged, long deleted) {

    static final ReconcileCounts NONE = new ReconcileCounts(0, 0, 0, 0, 0);

    /** These counts after a page of {@code seenUsers} Clerk objects (none for a deletion sweep) and its outcomes. */
    ReconcileCounts plus(int seenUsers, List<SyncOutcome> outcomes) {
        long[] by = new long[SyncOutcome.values().length];
        outcomes.forEach(outcome -> by[outcome.ordinal()]++);
        return new ReconcileCounts(seen + seenUsers,
                created + by[SyncOutcome.CREATED.ordinal()],
                updated + by[SyncOutcome.UPDATED.ordinal()],
                // A stale change left its row as it was.
                unchanged + by[SyncOutcome.UNCHANGED.ordinal()] + by[SyncOutcome.STALE.ordinal()],
                deleted + by[SyncOutcome.DELETED.ordinal()]);
    }
}
