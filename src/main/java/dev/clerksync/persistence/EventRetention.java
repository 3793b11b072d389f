package dev.clerksync.persistence;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Purges delivery records older than the retention period, a few times a day, on one daemon thread. */
public final class EventRetention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventRetention.class);
    private static final Duration INTERVAL = Duration.ofHours(6);

    private final SessionFactory sessionFactory;
    private final Duration retention;
    private final Clock clock;
    private final Threads threads = new Threads("clerk-sync-event-retention");
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(threads);

    public EventRetention(SessionFactory sessionFactory, Duration retention, Clock clock) {
        this.sessionFactory = sessionFactory;
        this.retention = retention;
        this.clock = clock;
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, 1, INTERVAL.toMinutes(), TimeUnit.MINUTES);
    }

    /** Deletes records received before now minus the retention; answers how many. */
    public int purge() {
        return sessionFactory.fromTransaction(session -> session
                .createNativeMutationQuery("delete from webhook_events where received_at < :cutoff")
                .setParameter("cutoff", clock.instant().minus(retention))
                .executeUpdate());
    }

    private void purgeQuietly() {
        try {
            int purged = purge();
            if (purged > 0) {
                LOG.info("Purged {} webhook event records older than {} days", purged, retention.toDays());
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
