package dev.clerksync.reconcile;

import dev.clerksync.clerk.ClerkApiException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call to one of Clerk's lists, asked again after each 429 for as long as Clerk's
 * {@code Retry-After} says, a bounded number of times: the same rule for every list a run walks.
 */
final class RateLimitWaits {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitWaits.class);

    static final int MAX_RATE_LIMITED_TRIES = 10;
    // A Retry-After beyond this is waited only this long: the next try asks again anyway.
    private static final Duration MAX_WAIT = Duration.ofMinutes(1);

    private RateLimitWaits() {
    }

    /**
     * @param what     the list, for the log ("user", "organization")
     * @param position how far the walk got, for the log
     */
    static <T> T call(Supplier<T> call, ClerkUserPages.Sleeper sleeper, String what, long position)
            throws InterruptedException {
        for (int tries = 1; ; tries++) {
            try {
                return call.get();
            } catch (ClerkApiException.RateLimited e) {
                if (tries == MAX_RATE_LIMITED_TRIES) {
                    throw e;
                }
                Duration wait = Duration.ofSeconds(Math.max(1, e.retryAfterSeconds()));
                wait = wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
                LOG.info("Reconcile: Clerk rate-limited the {} list after {} objects; waiting {} s (try {} of {})",
                        what, position, wait.toSeconds(), tries, MAX_RATE_LIMITED_TRIES);
                sleeper.sleep(wait);
            }
        }
    }
}
