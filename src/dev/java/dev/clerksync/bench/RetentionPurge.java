package dev.clerksync.bench;

import dev.clerksync.config.Settings;
import dev.clerksync.persistence.Database;
import dev.clerksync.persistence.SessionFactories;
import dev.clerksync.persistence.TransactionStart;
import dev.clerksync.persistence.Transactions;
import dev.clerksync.webhook.EventRetention;
import dev.clerksync.webhook.WebhookEventRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hibernate.SessionFactory;

/**
 * The WAR's retention purge ({@link EventRetention#purge()}: {@code WebhookEventRepository}'s
 * delete of 1 000 records at a time, {@code received_at < cutoff}, until fewer go), run on a thread
 * of this JVM while a round is measured. The WAR starts its own purge on a schedule only (first a
 * minute after start, then every 6 hours) and offers no way to start one, so this is the same code
 * on the same database with a pool of its own (one connection, the WAR's pool settings). A retention
 * one day shorter than the preloaded span purges the oldest day's records; tombstones are left alone.
 */
final class RetentionPurge implements AutoCloseable {

    private static final String SCHEMA = "public";

    private final Database database;
    private final SessionFactory sessionFactory;
    private final EventRetention retention;

    /** Built before the round, so that Hibernate's start-up stays out of it. */
    RetentionPurge(TargetDatabase target, Duration retention) {
        this.database = Database.pooled(new Settings.DatabaseUrl(target.jdbcUrl, target.user, target.password), 1,
                600_000, new SimpleMeterRegistry());
        this.sessionFactory = SessionFactories.build(database.dataSource(), SCHEMA);
        this.retention = new EventRetention(new WebhookEventRepository(new Transactions(sessionFactory,
                new TransactionStart(SCHEMA, 2_000, 600_000))), List.of(),
                retention, Clock.systemUTC());
    }

    /** Starts the purge on a thread of its own; the future ends with its counts and nanoseconds. */
    CompletableFuture<Run> start() {
        return CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            EventRetention.Purged purged = retention.purge();
            return new Run(purged.records(), System.nanoTime() - started);
        }, runnable -> new Thread(runnable, "bench-retention-purge").start());
    }

    /** Records deleted and how long it took. */
    record Run(long records, long nanos) {
    }

    @Override
    public void close() {
        retention.close();
        sessionFactory.close();
        database.close();
    }
}
