package dev.clerksync.persistence;

/**
 * How PostgreSQL plans the statements of a transaction. By default every execution is planned for
 * its own arguments ({@link #CUSTOM}): a generic plan of a statement that takes arrays of ids, made
 * while the tables were small, scans the tables whole for as long as it stays cached. But planning
 * costs more than running the webhook's short statements, so its transactions switch to cached
 * plans that cannot fall into that trap: a lone delivery's statements take one id each, whose
 * generic plans are index lookups at any table size ({@link #CACHED}); a batch's statements run on
 * generic plans made with sequential scans disabled, so they read through the indexes whatever the
 * tables held when they were planned ({@link #GENERIC}). A statement that takes a pattern switches
 * back to custom plans ({@link #CUSTOM_FROM_NOW_ON}). Every setting is transaction-local
 * ({@code set_config(…, true)}): nothing outlives the transaction on a server connection that a
 * pooler hands to another client next.
 */
public enum PlanMode {
    /** Each execution planned for its own arguments. */
    CUSTOM("set_config('plan_cache_mode', 'force_custom_plan', true)"),
    /** Cached generic plans, for statements that take one id each. */
    CACHED("set_config('plan_cache_mode', 'auto', true)"),
    /** Cached generic plans made without sequential scans (where an index serves), for statements that take arrays. */
    GENERIC("set_config('enable_seqscan', 'off', true) || set_config('plan_cache_mode', 'force_generic_plan', true)");

    /**
     * Before a statement that takes arrays or a pattern, in a transaction that may have switched to
     * cached plans: as a statement of the round trip that sends it.
     */
    public static final RoundTrip.Part CUSTOM_FROM_NOW_ON = RoundTrip.Part.of(
            "select " + CUSTOM.settings, (statement, index) -> index);

    private final String settings;

    PlanMode(String settings) {
        this.settings = settings;
    }

    /** The {@code set_config} calls, as an expression of a select list. */
    String settings() {
        return settings;
    }
}
