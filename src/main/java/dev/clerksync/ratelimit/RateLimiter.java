package dev.clerksync.ratelimit;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per key (a caller's user id, say), in memory on this node. At most
 * {@code maxKeys} buckets are kept: past that the least recently used one is dropped. A dropped
 * key starts again with a full bucket, which is what it would have had after idling a full
 * period; the memory stays bounded however many distinct callers come.
 */
public final class RateLimiter {

    private final String name;
    private final Rate rate;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets;

    /** @param name what is limited, for the 429's detail and the log, such as "requests per caller" */
    public RateLimiter(String name, Rate rate, int maxKeys, Clock clock) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1");
        }
        this.name = name;
        this.rate = rate;
        this.clock = clock;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Counts one call for {@code key}. @throws RateLimitedException when its bucket is empty */
    public void admit(String key) {
        long waitMillis = tryTake(key);
        if (waitMillis > 0) {
            long seconds = Math.max(1, (waitMillis + 999) / 1000);
            throw new RateLimitedException("over the limit of " + name + " (" + rate + "); retry in " + seconds + " s",
                    seconds);
        }
    }

    /** Buckets held now: for tests of the bound. */
    synchronized int trackedKeys() {
        return buckets.size();
    }

    private synchronized long tryTake(String key) {
        long now = clock.millis();
        return buckets.computeIfAbsent(key, k -> new TokenBucket(rate, now)).tryTake(now);
    }

    @Override
    public String toString() {
        return name + " (" + rate + ")";
    }
}
