package dev.clerksync.faults;

import dev.clerksync.support.CatalinaRun;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A PostgreSQL of the fault suite's own (the embedded binaries, a data directory under {@code target/}
 * and a fixed free port) that the suite can stop and start again while the nodes keep their
 * configuration: a restart keeps the data directory, so what was committed survives, as on a real
 * server. Never the machine's own cluster.
 */
final class FaultDatabase implements AutoCloseable {

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    private FaultDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** A fresh cluster in {@code dataDirectory} (emptied first), on a free port. */
    static FaultDatabase create(Path dataDirectory) throws IOException {
        CatalinaRun.deleteRecursively(dataDirectory);
        FaultDatabase database = new FaultDatabase(dataDirectory.toAbsolutePath(), CatalinaRun.freePort());
        database.start();
        return database;
    }

    /** The JDBC address the nodes use; the same across restarts. */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    String user() {
        return "postgres";
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), null);
    }

    /** Starts the server on the existing data directory (initialised on the first start). */
    synchronized void start() throws IOException {
        if (postgres != null) {
            return;
        }
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(true)
                .setPort(port)
                .setPGStartupWait(STARTUP_WAIT)
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** {@code pg_ctl stop -m fast}: every session is cut, new connections are refused until {@link #start()}. */
    synchronized void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    void restart() throws IOException {
        stop();
        start();
    }

    @Override
    public void close() throws IOException {
        stop();
    }

}
