package dev.clerksync.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.clerksync.config.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool: Tomcat's {@code jdbc/clerkSync} when the container defines one (then
 * Tomcat owns and closes it), else a bounded HikariCP pool built from {@code DATABASE_URL}.
 */
public final class Database implements AutoCloseable {

    public static final String JNDI_NAME = "java:comp/env/jdbc/clerkSync";
    private static final String DRIVER = "org.postgresql.Driver";

    // Svix gives up on an answer after 15 s; a webhook must fail fast (503) well before that.
    private static final long CONNECTION_TIMEOUT_MS = 5_000;
    private static final int HEALTH_CHECK_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final HikariDataSource ownPool;
    private final ScheduledThreadPoolExecutor housekeeper;
    private final Threads housekeeperThreads;

    private Database(DataSource dataSource, HikariDataSource ownPool, ScheduledThreadPoolExecutor housekeeper,
            Threads housekeeperThreads) {
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        this.housekeeper = housekeeper;
        this.housekeeperThreads = housekeeperThreads;
    }

    /** The container's DataSource, if Tomcat binds one under {@value #JNDI_NAME}. */
    public static Optional<DataSource> containerDataSource() {
        try {
            return Optional.of((DataSource) new InitialContext().lookup(JNDI_NAME));
        } catch (NamingException | ClassCastException e) {
            return Optional.empty();
        }
    }

    public static Database of(DataSource containerDataSource) {
        return new Database(containerDataSource, null, null, null);
    }

    /** @param metrics where the pool's gauges (active, idle, pending connections) are registered */
    public static Database pooled(Settings.DatabaseUrl url, int maxPoolSize, MeterRegistry metrics) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("clerk-sync");
        // Named, not looked up in DriverManager: there a driver of another class loader
        // (Tomcat's lib/, another webapp) can shadow ours, or be refused as invisible to us.
        config.setDriverClassName(DRIVER);
        config.setJdbcUrl(url.url());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(maxPoolSize);
        // No schema, no init SQL: the settings live in each transaction (TransactionStart), so
        // nothing stays on a server connection that a pooler passes to another client.
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        // Our own housekeeping thread, so that close() can wait for it to end: Tomcat reports a
        // thread still alive after undeploy as a leak.
        Threads threads = new Threads("clerk-sync-pool-housekeeper");
        ScheduledThreadPoolExecutor housekeeper = new ScheduledThreadPoolExecutor(1, threads);
        housekeeper.setRemoveOnCancelPolicy(true);
        config.setScheduledExecutor(housekeeper);
        try {
            HikariDataSource pool = new HikariDataSource(config);
            return new Database(pool, pool, housekeeper, threads);
        } catch (RuntimeException e) {
            housekeeper.shutdownNow();
            throw e;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Applies the versioned migrations in {@code db/migration} to {@code schema}, creating it if
     * missing, with the migration history in it too; Flyway locks, so nodes may race.
     */
    public void migrate(String schema) {
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(HEALTH_CHECK_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Closes the pool this class built; a container pool is Tomcat's to close. Idempotent. */
    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
            housekeeperThreads.stop(housekeeper);
        }
    }
}
