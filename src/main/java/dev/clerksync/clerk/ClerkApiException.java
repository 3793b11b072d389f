package dev.clerksync.clerk;

/** A Backend API call that did not give us the user. The subclasses say why; none carries the key. */
public abstract class ClerkApiException extends RuntimeException {

    ClerkApiException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Clerk answered 404: no such user. */
    public static final class NotFound extends ClerkApiException {
        public NotFound(String userId) {
            super("Clerk has no user " + userId, null);
        }
    }

    /** Clerk answered 429; {@link #retryAfterSeconds()} is its {@code Retry-After}. */
    public static final class RateLimited extends ClerkApiException {
        private final long retryAfterSeconds;

        RateLimited(long retryAfterSeconds) {
            super("Clerk rate-limited the call; retry after " + retryAfterSeconds + " s", null);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** Clerk did not answer in time, could not be reached, or answered 5xx or something unusable. */
    public static class Unavailable extends ClerkApiException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Clerk answered 422: it refused the request as we sent it, such as a list cursor it does not
     * take. To a client of ours that is still Clerk not answering usefully.
     */
    public static final class Refused extends Unavailable {
        Refused(String message) {
            super(message, null);
        }
    }
}
