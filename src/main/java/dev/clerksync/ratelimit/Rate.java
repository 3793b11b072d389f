package dev.clerksync.ratelimit;

import java.time.Duration;

/**
 * {@code permits} per {@code period}: a bucket holds at most {@code permits} (the burst) and
 * refills evenly over the period.
 */
public record Rate(int permits, Duration period) {

    public Rate {
        if (permits < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate needs at least 1 permit per positive period");
        }
    }

    public static Rate perMinute(int permits) {
        return new Rate(permits, Duration.ofMinutes(1));
    }

    public static Rate perSecond(int permits) {
        return new Rate(permits, Duration.ofSeconds(1));
    }

    double permitsPerMilli() {
        return (double) permits / period.toMillis();
    }

    @Override
    public String toString() {
        return permits + " per " + (period.equals(Duration.ofMinutes(1)) ? "minute"
                : period.equals(Duration.ofSeconds(1)) ? "second" : period.toMillis() + " ms");
    }
}
