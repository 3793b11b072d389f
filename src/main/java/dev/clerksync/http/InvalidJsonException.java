package dev.clerksync.http;

/** A body that is not the JSON we expect; the message says which field and why, nothing more. */
public final class InvalidJsonException extends RuntimeException {

    public InvalidJsonException(String message) {
        super(message);
    }

    public InvalidJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
