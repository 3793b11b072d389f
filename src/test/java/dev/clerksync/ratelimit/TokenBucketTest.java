package dev.clerksync.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    // 3 per minute: one token every 20 000 ms.
    private final TokenBucket bucket = new TokenBucket(Rate.perMinute(3), 1_000);

    @Test
    void aNewBucketAdmitsABurstUpToItsCapacity() {
        assertEquals(0, bucket.tryTake(1_000));
        assertEquals(0, bucket.tryTake(1_000));
        assertEquals(0, bucket.tryTake(1_000));
    }

    @Test
    void anEmptyBucketAnswersTheMillisecondsUntilTheNextToken() {
        drain(1_000);

        assertEquals(20_000, bucket.tryTake(1_000));
        assertEquals(5_000, bucket.tryTake(16_000));
    }

    @Test
    void aRefusedCallTakesNothing() {
        drain(1_000);
        bucket.tryTake(1_000);
        bucket.tryTake(11_000);

        assertEquals(0, bucket.tryTake(21_000));
    }

    @Test
    void tokensComeBackAtTheRate() {
        drain(1_000);

        assertEquals(0, bucket.tryTake(21_000));
        assertEquals(20_000, bucket.tryTake(21_000));
    }

    @Test
    void aLongIdleRefillsNoMoreThanTheCapacity() {
        drain(1_000);

        long later = 1_000 + Duration.ofDays(1).toMillis();
        drain(later);
        assertEquals(20_000, bucket.tryTake(later));
    }

    @Test
    void aClockSteppedBackAddsNothingAndBreaksNothing() {
        drain(1_000);

        assertEquals(20_000, bucket.tryTake(-60_000));
        assertEquals(0, bucket.tryTake(21_000));
    }

    @Test
    void aWaitUnderOneMillisecondIsStillAWait() {
        TokenBucket fast = new TokenBucket(new Rate(1_000, Duration.ofMillis(1)), 0);
        for (int i = 0; i < 1_000; i++) {
            fast.tryTake(0);
        }

        assertEquals(1, fast.tryTake(0));
    }

    private void drain(long now) {
        for (int i = 0; i < 3; i++) {
            assertEquals(0, bucket.tryTake(now), "token " + (i + 1));
        }
    }
}
