package dev.clerksync.persistence;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How PostgreSQL plans the statements of the current transaction. The pool's connections plan every
 * execution for its own arguments ({@code force_custom_plan}, see {@link Database}): the batch
 * statements take arrays of ids, and a generic plan made for them while the tables were small would
 * scan the tables whole for as long as it stays cached. Planning is a large part of a lone
 * delivery's cost, though, and a transaction of one delivery can use statements with one id each,
 * whose cached generic plans are index lookups at any table size: such a transaction switches to
 * cached plans, and switches back before any statement that takes arrays or a pattern.
 */
public final class PlanMode {

    /**
     * A select-list item that lets the rest of the transaction use cached generic plans (it takes
     * effect after the statement it is part of, and ends with the transaction).
     */
    public static final String CACHED_FROM_NOW_ON = "set_config('plan_cache_mode', 'auto', true)";

    /**
     * Before a statement that takes arrays or a pattern, in a transaction that may have switched to
     * cached plans: as a statement of the round trip that sends it.
     */
    public static final RoundTrip.Part CUSTOM_FROM_NOW_ON = RoundTrip.Part.of(
            "select set_config('plan_cache_mode', 'force_custom_plan', true)", (statement, index) -> index);

    private PlanMode() {
    }

    /** {@link #CUSTOM_FROM_NOW_ON} in a round trip of its own. */
    public static void customFromNowOn(Connection connection) throws SQLException {
        RoundTrip.run(connection, CUSTOM_FROM_NOW_ON);
    }
}
