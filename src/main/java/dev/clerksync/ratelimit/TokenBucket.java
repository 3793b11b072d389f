package dev.clerksync.ratelimit;

/**
 * A token bucket on a millisecond clock the caller passes in: full at the start, one token per
 * admitted call, refilled continuously at the rate. Not thread-safe; {@link RateLimiter} locks.
 */
final class TokenBucket {

    private final double capacity;
    private final double tokensPerMilli;
    private double tokens;
    private long updatedAt;

    TokenBucket(Rate rate, long nowMillis) {
        this.capacity = rate.permits();
        this.tokensPerMilli = rate.permitsPerMilli();
        this.tokens = capacity;
        this.updatedAt = nowMillis;
    }

    /** Takes a token and answers 0, or answers how many milliseconds until one is there (taking none). */
    long tryTake(long nowMillis) {
        refill(nowMillis);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerMilli));
    }

    private void refill(long nowMillis) {
        // A clock stepped back (NTP) adds nothing and does not push the next refill into the future.
        if (nowMillis > updatedAt) {
            tokens = Math.min(capacity, tokens + (nowMillis - updatedAt) * tokensPerMilli);
            updatedAt = nowMillis;
        }
    }
}
