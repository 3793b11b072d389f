package dev.clerksync.webhook;

/** A correctly signed delivery whose body is not a usable Clerk event; it was recorded as failed. */
public final class MalformedEventException extends RuntimeException {

    MalformedEventException(String reason) {
        super(reason);
    }
}
