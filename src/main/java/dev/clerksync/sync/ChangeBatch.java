package dev.clerksync.sync;

import dev.clerksync.persistence.RoundTrip;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One kind's side of a transaction that applies a batch of changes, in three steps whose
 * statements the caller sends in round trips of its own, beside statements of its own (the
 * webhook's delivery records): {@link #read()}, {@link #decide}, {@link #write()}. Every caller of a
 * kind's sync comes through here, so the webhook, the admin API and reconcile share its rules.
 *
 * @param <C> the kind's changes
 */
public interface ChangeBatch<C> {

    /**
     * The statements of the first round trip: the locks of every object the candidate changes name
     * (held until the transaction ends, taken in one global order so that batches never deadlock),
     * then the reads of every row the rules can meet.
     */
    List<RoundTrip.Part> read();

    /**
     * Decides the changes, a subset of the candidates in arrival order, over what {@link #read()}
     * found: answers what each does. The decisions are made in memory; anything more they need
     * from the database is read before they are made.
     */
    List<SyncOutcome> decide(Connection connection, List<C> changes) throws SQLException;

    /** The statements that write what {@link #decide} decided, for one round trip: none when nothing changes. */
    List<RoundTrip.Part> write();

    /**
     * Whether every statement of this batch takes one value per parameter (no arrays), so that the
     * transaction may use cached plans for them (see {@code persistence/PlanMode}).
     */
    boolean scalar();
}
