package dev.clerksync.http;

/** What the request names does not exist here (404). */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
