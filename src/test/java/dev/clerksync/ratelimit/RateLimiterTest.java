package dev.clerksync.ratelimit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final SteppingClock clock = new SteppingClock();
    private final RateLimiter limiter = new RateLimiter("requests per caller", Rate.perMinute(2), 3, clock);

    @Test
    void aCallerOverItsLimitIsRefusedWithTheWholeSecondsToWait() {
        limiter.admit("user_a");
        limiter.admit("user_a");
        clock.advance(Duration.ofMillis(1_500));

        RateLimitedException refused = assertThrows(RateLimitedException.class, () -> limiter.admit("user_a"));

        assertEquals(29, refused.retryAfterSeconds(), "30 s per token, 1.5 s of it gone: 28.5 s rounded up");
        assertTrue(refused.getMessage().contains("requests per caller (2 per minute)"), refused.getMessage());
    }

    @Test
    void callersHaveBucketsOfTheirOwn() {
        limiter.admit("user_a");
        limiter.admit("user_a");

        assertDoesNotThrow(() -> limiter.admit("user_b"));
        assertThrows(RateLimitedException.class, () -> limiter.admit("user_a"));
    }

    @Test
    void aCallerIsAdmittedAgainOnceItsWaitIsOver() {
        limiter.admit("user_a");
        limiter.admit("user_a");
        long wait = assertThrows(RateLimitedException.class, () -> limiter.admit("user_a")).retryAfterSeconds();

        clock.advance(Duration.ofSeconds(wait));

        assertDoesNotThrow(() -> limiter.admit("user_a"));
    }

    @Test
    void manyDistinctCallersKeepAtMostTheBoundInMemory() {
        for (int i = 0; i < 1_000; i++) {
            limiter.admit("user_" + i);
        }

        assertEquals(3, limiter.trackedKeys());
    }

    @Test
    void theLeastRecentlySeenCallerIsTheOneDropped() {
        limiter.admit("user_busy");
        limiter.admit("user_busy");
        limiter.admit("user_b");
        limiter.admit("user_c");
        assertThrows(RateLimitedException.class, () -> limiter.admit("user_busy"));

        limiter.admit("user_d");

        assertThrows(RateLimitedException.class, () -> limiter.admit("user_busy"), "user_b was dropped, not user_busy");
    }

    /** A clock the test moves by hand. */
    private static final class SteppingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
