package dev.clerksync.clerk;

/** A Backend API call that did not give us its object. The subclasses say why; none carries the key. */
public abstract class ClerkApiException extends RuntimeException {

    ClerkApiException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Clerk answered 404: no such object. */
    public static final class NotFound extends ClerkApiException {
        /** @param what the object Clerk does not have, as a sentence names it ("user user_…") */
        public NotFound(String what) {
            super("Clerk has no " + what, null);
        }

        public static NotFound user(String userId) {
            return new NotFound("user " + userId);
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
