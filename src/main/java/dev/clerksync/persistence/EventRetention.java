package dev.clerksync.persistence;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * {@link #GUARD_PERIOD} (as long as Svix retries), since a retry or a replay of an older delivery
 * must still meet them; and a tombstone stays while a failed record about its user could still be
 * replayed.
 */
public final class EventRetention implements AutoCloseable {

    /** How long Svix keeps retrying a delivery: no older copy of an event can arrive after that. */
    public static final Duration GUARD_PERIOD = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(EventRetention.class);
    private static final Duration INTERVAL = Duration.ofHours(6);
    private static final int BATCH = 1_000;

    private static final String PURGE_RECORDS = """
            delete from webhook_events where svix_id in (
                select svix_id from webhook_events
                where received_at < ? and (outcome <> 'failed' or received_at < ?)
                limit ?)""";

    private static final String PURGE_TOMBSTONES = """
            delete from user_tombstones where user_id in (
                select t.user_id from user_tombstones t
                where t.recorded_at < ?
                  and not exists (select 1 from webhook_events e where e.user_id = t.user_id and e.outcome = 'failed')
                limit ?)""";

    private final Transactions transactions;
    private final Duration retention;
    private final Clock clock;
    private final Threads threads = new Threads("clerk-sync-event-retention");
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(threads);

    public EventRetention(Transactions transactions, Duration retention, Clock clock) {
        this.transactions = transactions;
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
        long records = 0;
        for (int deleted = BATCH; deleted == BATCH && !Thread.currentThread().isInterrupted(); records += deleted) {
            deleted = deleteBatch(PURGE_RECORDS, recordCutoff, guardCutoff);
        }
        long tombstones = 0;
        for (int deleted = BATCH; deleted == BATCH && !Thread.currentThread().isInterrupted(); tombstones += deleted) {
            deleted = deleteBatch(PURGE_TOMBSTONES, guardCutoff, null);
        }
        return new Purged(records, tombstones);
    }

    /** What one purge removed. */
    public record Purged(long records, long tombstones) {
    }

    private int deleteBatch(String sql, Instant cutoff, Instant secondCutoff) {
        return transactions.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                int i = 0;
                delete.setObject(++i, cutoff.atOffset(ZoneOffset.UTC));
                if (secondCutoff != null) {
                    delete.setObject(++i, secondCutoff.atOffset(ZoneOffset.UTC));
                }
                delete.setInt(++i, BATCH);
                return delete.executeUpdate();
            }
        });
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
