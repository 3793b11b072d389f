package dev.clerksync.persistence;

import java.sql.SQLException;

/**
 * What a failed transaction means for a retry, decided by SQLState, which PostgreSQL keeps stable,
 * rather than by the wrapper classes of Hibernate or the pool.
 */
enum SqlFailures {
    /** Lost a race that a fresh attempt resolves: a unique key taken concurrently, a serialisation failure, a deadlock. */
    LOST_RACE,
    /** PostgreSQL refused the data itself (a value it cannot store, a limit, a constraint): the same work fails again. */
    REFUSED,
    /** Anything else: no connection, a timeout, a restart. Retrying later helps. */
    UNAVAILABLE;

    static SqlFailures classify(Throwable failure) {
        String state = sqlState(failure);
        if (state == null) {
            return UNAVAILABLE;
        }
        if (state.equals("23505") || state.equals("40001") || state.equals("40P01")) {
            return LOST_RACE;
        }
        // 22: data exception (e.g. a NUL in text, a timestamp out of range), 23: integrity
        // constraint, 54: program limit exceeded (e.g. an index row over the btree limit).
        if (state.startsWith("22") || state.startsWith("23") || state.startsWith("54")) {
            return REFUSED;
        }
        return UNAVAILABLE;
    }

    /**
     * The SQLState and the first line of PostgreSQL's message: what an operator needs to see why
     * data was refused, without the statement text or the values (its later lines may quote them).
     */
    static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String message = String.valueOf(sql.getMessage());
                int lineEnd = message.indexOf('\n');
                return "SQLState " + sql.getSQLState() + ": " + (lineEnd < 0 ? message : message.substring(0, lineEnd));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return failure.getClass().getSimpleName();
    }

    /** The first SQLState in the cause chain; null when no cause carries one (a pool timeout, say). */
    private static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
