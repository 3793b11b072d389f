package dev.clerksync.auth;

/** A verified caller who may not do this. */
public final class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String reason) {
        super(reason);
    }
}
