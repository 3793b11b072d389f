package dev.clerksync.reconcile;

import dev.clerksync.clerk.ClerkClient;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks one of Clerk's offset-paged lists ({@code {"data":[…],"total_count":N}}, oldest first) a page
 * at a time, waiting out 429s as {@link RateLimitWaits} says.
 *
 * <p>An offset walk skips an object whenever one before it is deleted meanwhile, and then the
 * skipped one would look missing. So each page after the first starts one object early, at the
 * last one already seen: if that one is no longer there, the list moved under the walk,
 * {@link #shifted()} says so, and the run deletes nothing of this kind as missing.
 */
final class ClerkOffsetPages<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ClerkOffsetPages.class);

    /** One page of the list from {@code offset}. */
    @FunctionalInterface
    interface Fetch<T> {
        ClerkClient.Page<T> at(long offset, int limit);
    }

    private final String kind;
    private final Fetch<T> fetch;
    private final Function<T, String> id;
    private final int pageSize;
    private final ClerkUserPages.Sleeper sleeper;
    private long position;
    private String lastId;
    private long totalCount;
    private boolean shifted;
    private boolean done;

    /** @param pageSize at least 2: each page after the first repeats one object */
    ClerkOffsetPages(String kind, Fetch<T> fetch, Function<T, String> id, int pageSize,
            ClerkUserPages.Sleeper sleeper) {
        if (pageSize < 2) {
            throw new IllegalArgumentException("pageSize must be at least 2, not " + pageSize);
        }
        this.kind = kind;
        this.fetch = fetch;
        this.id = id;
        this.pageSize = pageSize;
        this.sleeper = sleeper;
    }

    /** The objects of the next page not seen before; empty once the whole list has been walked. */
    List<T> next() throws InterruptedException {
        if (done) {
            return List.of();
        }
        long from = lastId == null ? 0 : position - 1;
        ClerkClient.Page<T> page = RateLimitWaits.call(() -> fetch.at(from, pageSize), sleeper, kind, position);
        List<T> data = page.data();
        totalCount = page.totalCount();
        done = data.size() < pageSize;
        position = from + data.size();
        if (lastId != null) {
            if (!data.isEmpty() && id.apply(data.get(0)).equals(lastId)) {
                data = data.subList(1, data.size());
            } else if (!shifted) {
                shifted = true;
                LOG.warn("Reconcile: Clerk's {} list moved during the walk (one before offset {} was deleted);"
                        + " none of them will be deleted as missing", kind, from);
            }
        }
        if (!data.isEmpty()) {
            lastId = id.apply(data.get(data.size() - 1));
        }
        return data;
    }

    /** True once the list moved under the walk: it may have skipped objects, so it cannot tell who is missing. */
    boolean shifted() {
        return shifted;
    }

    /** Clerk's count of the whole list, as its last page said. */
    long totalCount() {
        return totalCount;
    }
}
