package dev.clerksync.http;

/** The request cannot be carried out in the current state of what it names (409). */
public final class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
