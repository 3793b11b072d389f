package dev.clerksync.persistence;

/** The database did not answer or a transaction failed; nothing was committed, a retry is safe. */
public final class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
