package dev.clerksync.auth;

/** No session token, or one that does not verify. The message never contains the token. */
public final class InvalidTokenException extends RuntimeException {

    private final boolean tokenPresent;

    InvalidTokenException(String reason, boolean tokenPresent) {
        super(reason);
        this.tokenPresent = tokenPresent;
    }

    /** False when the request carried no bearer token at all (RFC 6750: then no error code). */
    public boolean tokenPresent() {
        return tokenPresent;
    }
}
