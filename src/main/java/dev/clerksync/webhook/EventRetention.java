package dev.clerksync.webhook;

import dev.clerksync.persistence.Threads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges old delivery records and tombstones a few times a day, on one daemon thread owned by the
 * composition root, in small batches so that no purge holds locks or bloats a transaction.
 *
 * <p>Processed records go after the retention period. Failed records and tombstones stay at least
 * {@link #GUARD_PERIOD} (longer than Svix retries), since a retry or a replay of an older delivery
 * must still meet them; and a tombstone stays while a failed record about its object could still
 * be replayed.
 */
public final class EventRetention implements AutoCloseable {

    /**
     * How long failed records and tombstones are kept at least. Svix's retry schedule spans about 28
     * hours, so no older copy of an event arrives after that; a week leaves room for a replay by an
     * operator after a fix, and for a Svix schedule that grows.
     */
    public static final Duration GUARD_PERIOD = Duration.ofDays(7);

    /** A kind's tombstones, purged by its own repository. */
    @FunctionalInterface
    public interface Tombstones {
        /** Deletes up to {@code limit} tombstones recorded before {@code cutoff}, none of {@code kept}; answers how many. */
        int purge(Instant cutoff, Collection<String> kept, int limit);
    }

    private static final Logger LOG = LoggerFactory.getLogger(EventRetention.class);
    private static final Duration INTERVAL = Duration.ofHours(6);
    private static final int BATCH = 1_000;

    private final WebhookEventRepository records;
    private final List<Tombstones> tombstones;
    private final Duration retention;
    private final Clock clock;
    private final Threads threads = new Threads("clerk-sync-event-retention");
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(threads);

    public EventRetention(WebhookEventRepository records, List<Tombstones> tombstones, Duration retention,
            Clock clock) {
        this.records = records;
        this.tombstones = tombstones;
        this.retention = retention;
        this.clock = clock;
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, 1, INTERVAL.toMinutes(), TimeUnit.MINUTES);
    }

    /** Purges everything that is due, batch by batch; answers how many records and tombstones went. */
    public Purged purge() {
        Instant now = clock.instant();
        Instant recordCutoff = now.minus(retention);
        Instant guardCutoff = now.minus(retention.compareTo(GUARD_PERIOD) > 0 ? retention : GUARD_PERIOD);
        long purgedRecords = 0;
        for (int deleted = BATCH; deleted == BATCH && !Thread.currentThread().isInterrupted(); purgedRecords += deleted) {
            deleted = records.purge(recordCutoff, guardCutoff, BATCH);
        }
        // Read after the records' purge: a failed record that is gone protects nothing any more.
        List<String> kept = records.failedObjectIds();
        long purgedTombstones = 0;
        for (Tombstones kind : tombstones) {
            for (int deleted = BATCH; deleted == BATCH && !Thread.currentThread().isInterrupted();
                    purgedTombstones += deleted) {
                deleted = kind.purge(guardCutoff, kept, BATCH);
            }
        }
        return new Purged(purgedRecords, purgedTombstones);
    }

    /** What one purge removed. */
    public record Purged(long records, long tombstones) {
    }

    private void purgeQuietly() {
        try {
            Purged purged = purge();
            if (purged.records() > 0 || purged.tombstones() > 0) {
                LOG.info("Purged {} webhook event records older than {} days and {} tombstones", purged.records(),
                        retention.toDays(), purged.tombstones());
            }
        } catch (RuntimeException e) {
            // The next run tries again; an outage must not kill the scheduler thread.
            LOG.warn("Purging old webhook event records failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        threads.stop(scheduler);
    }
}
