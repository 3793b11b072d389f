package dev.clerksync.persistence;

/** PostgreSQL refused the data of a transaction for a reason a retry cannot change; nothing was committed. */
public final class DatabaseRefusedException extends RuntimeException {

    public DatabaseRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
