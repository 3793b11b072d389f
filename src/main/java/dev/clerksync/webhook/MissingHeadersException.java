package dev.clerksync.webhook;

/** A delivery without the svix-id / svix-timestamp / svix-signature headers. */
public final class MissingHeadersException extends RuntimeException {

    MissingHeadersException(String missing) {
        super("missing header " + missing + " (or its webhook-* equivalent)");
    }
}
