package dev.clerksync.persistence;

/**
 * How PostgreSQL plans the statements of the current transaction. The pool's connections plan every
 * execution for its own arguments ({@code force_custom_plan}, see {@link Database}): a generic plan
 * of a statement that takes arrays of ids, made while the tables were small, scans the tables whole
 * for as long as it stays cached. But planning costs more than running the webhook's short
 * statements, so its transactions switch to cached plans that cannot fall into that trap: a lone
 * delivery's statements take one id each, whose generic plans are index lookups at any table size
 * ({@link #CACHED_FROM_NOW_ON}); a batch's statements run on generic plans made with sequential
 * scans disabled, so they read through the indexes whatever the tables held when they were planned
 * ({@link #GENERIC_FROM_NOW_ON}). A statement that takes a pattern switches back to custom plans
 * ({@link #CUSTOM_FROM_NOW_ON}).
 */
public final class PlanMode {

    /**
     * As the first statement of a transaction: the rest of it uses cached generic plans (the
     * setting ends with the transaction). A statement of its own, with no parameters, so it is
     * itself never planned again: a select-list item of the statement after it would leave that
     * statement planned at every execution, which measured costlier than running it.
     */
    public static final RoundTrip.Part CACHED_FROM_NOW_ON = RoundTrip.Part.of(
            "select set_config('plan_cache_mode', 'auto', true)", (statement, index) -> index);

    /**
     * As the first statement of a transaction: the rest of it runs on cached generic plans made
     * without sequential scans (where an index serves), for a batch's statements that take arrays.
     */
    public static final RoundTrip.Part GENERIC_FROM_NOW_ON = RoundTrip.Part.of(
            "select set_config('enable_seqscan', 'off', true) || set_config('plan_cache_mode', 'force_generic_plan', true)",
            (statement, index) -> index);

    /**
     * Before a statement that takes arrays or a pattern, in a transaction that may have switched to
     * cached plans: as a statement of the round trip that sends it.
     */
    public static final RoundTrip.Part CUSTOM_FROM_NOW_ON = RoundTrip.Part.of(
            "select set_config('plan_cache_mode', 'force_custom_plan', true)", (statement, index) -> index);

    private PlanMode() {
    }
}
