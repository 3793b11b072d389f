package dev.clerksync.ratelimit;

/** A call over one of our own rate limits; answered 429 with {@code Retry-After}. */
public final class RateLimitedException extends RuntimeException {

    private final long retryAfterSeconds;

    RateLimitedException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until the next call would be admitted; at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
