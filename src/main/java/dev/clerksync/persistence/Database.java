package dev.clerksync.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.clerksync.config.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

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
    private static final int SOCKET_TIMEOUT_MARGIN_SECONDS = 5;

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

    /**
     * @param statementTimeoutMillis the transactions' {@code statement_timeout}: a read from the
     *                               server waits at most {@value #SOCKET_TIMEOUT_MARGIN_SECONDS} s
     *                               longer, unless the URL sets its own {@code socketTimeout}
     * @param metrics                where the pool's gauges (active, idle, pending connections) are registered
     */
    public static Database pooled(Settings.DatabaseUrl url, int maxPoolSize, int statementTimeoutMillis,
            MeterRegistry metrics) {
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
        // A server that stops answering without closing the connection (a host gone from the network,
        // a pooler waiting for a server connection it cannot open) would leave a delivery waiting
        // forever: pgjdbc waits without limit by default. PostgreSQL's own statement_timeout ends
        // every statement that reaches it sooner; a parameter of the URL wins over this one.
        config.addDataSourceProperty("socketTimeout",
                Integer.toString((statementTimeoutMillis + 999) / 1000 + SOCKET_TIMEOUT_MARGIN_SECONDS));
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
        migrate(schema, Optional.empty(), Optional.empty());
    }

    /**
     * As {@link #migrate(String)}, on {@code url} (else the pool's own) as {@code login} (else the
     * pool's role) when either is given: the schema's owner creates the tables while the pool keeps
     * a role that may only read and write rows, and a pool behind a pooler in transaction mode
     * leaves the migration's session settings (search path, role) to a direct connection.
     *
     * @throws IllegalStateException naming {@code DATABASE_MIGRATION_USER}, when the role that
     *                               migrates lacks a privilege the migrations need
     */
    public void migrate(String schema, Optional<String> url, Optional<Settings.MigrationLogin> login) {
        FluentConfiguration flyway = Flyway.configure(Database.class.getClassLoader())
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations("classpath:db/migration");
        if (url.isPresent() || login.isPresent()) {
            Settings.MigrationLogin as = login.orElseGet(this::poolLogin);
            flyway.dataSource(url.orElseGet(this::url), as.user(), as.password());
        } else {
            flyway.dataSource(dataSource);
        }
        try {
            checkMayCreateTables(flyway.getDataSource(), schema);
            flyway.load().migrate();
        } catch (FlywayException e) {
            if (!insufficientPrivilege(e)) {
                throw e;
            }
            throw refused(schema, login.map(Settings.MigrationLogin::user).orElse("the pool's role"), e);
        }
    }

    /** The login of the pool this class built (Settings requires a login of its own for a container pool). */
    private Settings.MigrationLogin poolLogin() {
        return new Settings.MigrationLogin(ownPool.getUsername(), ownPool.getPassword());
    }

    /**
     * A first migration as a role that may not create tables would fail, but only after Flyway
     * retried its history table for 10 s, deep in a stack trace: say so at once instead.
     */
    private static void checkMayCreateTables(DataSource migrating, String schema) {
        try (Connection connection = migrating.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     select current_user, to_regclass(format('%I.flyway_schema_history', ?::text)) is not null
                         or case when exists (select from pg_namespace where nspname = ?)
                                 then has_schema_privilege(?, 'CREATE')
                                 else has_database_privilege(current_database(), 'CREATE') end""")) {
            statement.setString(1, schema);
            statement.setString(2, schema);
            statement.setString(3, schema);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                if (!result.getBoolean(2)) {
                    throw refused(schema, result.getString(1), null);
                }
            }
        } catch (SQLException e) {
            // A wrong DATABASE_MIGRATION_PASSWORD lands here too: the cause's message says which.
            throw new DatabaseUnavailableException("connecting for the migrations failed: " + e.getMessage(), e);
        }
    }

    private static IllegalStateException refused(String schema, String role, Exception cause) {
        return new IllegalStateException("migrating schema " + schema + " as " + role + " is refused: the"
                + " migrations need a role that may create tables in it, such as its owner; set"
                + " DATABASE_MIGRATION_USER to one (tomcat-config/create-database.sql creates the owner and a"
                + " runtime role for DATABASE_USER)" + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }

    /**
     * The pool's JDBC URL as its driver reports it, for a migration login of its own: the same
     * database with the same options ({@code sslmode}, {@code currentSchema}…). Credentials in it
     * would win over the login's, so they are left out.
     */
    private String url() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getURL()
                    .replaceAll("([?&])(user|password)=[^&]*&?", "$1")
                    .replaceAll("[?&]$", "");
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("the database did not answer at start", e);
        }
    }

    // SQLState 42501, insufficient_privilege: permission denied for a schema, a table, a database.
    private static boolean insufficientPrivilege(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "42501".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
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
