package dev.clerksync.persistence;

import java.util.EnumMap;
import java.util.Map;

/**
 * The first statement of every transaction: the schema, the lock and statement timeouts and the
 * {@link PlanMode}, all set for this transaction only ({@code set_config(…, true)}). Nothing is set
 * on the connection itself, so a pooler in transaction mode (PgBouncer) may hand the server
 * connection to another client next without passing any of it on, and a connection reset after a
 * failover needs nothing replayed.
 *
 * <p>The timeouts keep a delivery from waiting out Svix's 15 s on a lock that something else holds
 * (an open admin transaction, a migration): it fails with {@code 55P03} or {@code 57014}, which the
 * caller answers 503, and retries later. The statement is a select of constants with no
 * parameters, one text per plan mode, so a server-prepared statement of it is never planned again.
 */
public final class TransactionStart {

    private final Map<PlanMode, RoundTrip.Part> statements = new EnumMap<>(PlanMode.class);

    /**
     * @param schema             clerk-sync's schema, already checked to be a plain lower-case identifier
     * @param lockTimeoutMs      longest wait for a row or advisory lock
     * @param statementTimeoutMs longest run of one statement
     */
    public TransactionStart(String schema, int lockTimeoutMs, int statementTimeoutMs) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain schema name");
        }
        String common = "set_config('search_path', '" + schema + "', true)"
                + " || set_config('lock_timeout', '" + lockTimeoutMs + "ms', true)"
                + " || set_config('statement_timeout', '" + statementTimeoutMs + "ms', true)";
        for (PlanMode mode : PlanMode.values()) {
            statements.put(mode, RoundTrip.Part.of("select " + common + " || " + mode.settings(),
                    (statement, index) -> index));
        }
    }

    /** The statement to send first, in the transaction's first round trip. */
    public RoundTrip.Part statement(PlanMode mode) {
        return statements.get(mode);
    }
}
