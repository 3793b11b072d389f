package dev.clerksync.reconcile;

import dev.clerksync.clerk.ClerkApiException;
import dev.clerksync.clerk.ClerkClient;
import dev.clerksync.users.ClerkUser;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks Clerk's user list oldest first, a page at a time, with the {@code starting_after} cursor;
 * by {@code offset} from where it got to if Clerk refuses the cursor. A 429 is waited out for as
 * long as Clerk's {@code Retry-After} says, a bounded number of times per page.
 */
final class ClerkUserPages {

    private static final Logger LOG = LoggerFactory.getLogger(ClerkUserPages.class);

    static final int MAX_RATE_LIMITED_TRIES = RateLimitWaits.MAX_RATE_LIMITED_TRIES;

    /** Waits between tries; the tests pass one that only records. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ClerkClient clerk;
    private final int pageSize;
    private final Sleeper sleeper;
    private String lastId;
    private long position;
    private boolean byOffset;
    private boolean done;

    ClerkUserPages(ClerkClient clerk, int pageSize, Sleeper sleeper) {
        this.clerk = clerk;
        this.pageSize = pageSize;
        this.sleeper = sleeper;
    }

    /** The next page; empty once the whole list has been walked. */
    List<ClerkUser> next() throws InterruptedException {
        if (done) {
            return List.of();
        }
        List<ClerkUser> page = fetchWaitingOutRateLimits();
        position += page.size();
        done = page.size() < pageSize;
        if (!page.isEmpty()) {
            lastId = page.get(page.size() - 1).id();
        }
        return page;
    }

    /**
     * True once the walk went by offset. An offset walk skips a user whenever one before it is
     * deleted meanwhile, so it cannot tell who is missing.
     */
    boolean walkedByOffset() {
        return byOffset;
    }

    private List<ClerkUser> fetchWaitingOutRateLimits() throws InterruptedException {
        return RateLimitWaits.call(this::fetch, sleeper, "user", position);
    }

    private List<ClerkUser> fetch() {
        if (!byOffset) {
            try {
                return clerk.usersAfter(lastId, pageSize);
            } catch (ClerkApiException.Refused e) {
                LOG.warn("Reconcile: Clerk refused the starting_after cursor; going on by offset from {}", position);
                byOffset = true;
            }
        }
        return clerk.usersAt(position, pageSize);
    }
}
