package dev.clerksync.support;

import dev.clerksync.fixtures.CatalinaRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL 15 primary and its streaming-replication standby, run from the machine's PostgreSQL
 * binaries ({@code /usr/lib/postgresql/15/bin}, Debian's {@code postgresql-15}; zonky's embedded
 * server has no {@code pg_basebackup}) in data directories of our own on free ports, never the
 * machine's cluster. The standby is <em>synchronous</em> ({@code synchronous_standby_names} on the
 * primary names it): a commit is answered only once the standby has it, so promoting the standby
 * loses nothing that was answered. As root, every program runs under {@code unshare -U} (a user
 * namespace where we are not root), as zonky does, since initdb and postgres refuse to run as root.
 */
public final class ReplicatedPostgres implements AutoCloseable {

    public static final Path BINARIES = Path.of("/usr/lib/postgresql/15/bin");
    public static final String USER = "postgres";
    private static final String STANDBY_NAME = "standby";
    private static final Duration STREAMING_WAIT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path work;
    private final Path primary;
    private final Path standby;
    private final int primaryPort;
    private final int standbyPort;
    private final List<String> prefix;

    private ReplicatedPostgres(Path work, int primaryPort, int standbyPort, List<String> prefix) {
        this.work = work;
        this.primary = work.resolve("primary");
        this.standby = work.resolve("standby");
        this.primaryPort = primaryPort;
        this.standbyPort = standbyPort;
        this.prefix = prefix;
    }

    /**
     * Empties {@code work}, then sets up and starts the primary and the standby, and waits until the
     * standby streams as the primary's synchronous standby.
     *
     * @throws IllegalStateException when the PostgreSQL 15 binaries are missing (not a reason to skip)
     */
    public static ReplicatedPostgres start(Path work) throws IOException, InterruptedException, SQLException {
        for (String program : List.of("initdb", "pg_ctl", "pg_basebackup", "postgres")) {
            if (!Files.isExecutable(BINARIES.resolve(program))) {
                throw new IllegalStateException("no " + BINARIES.resolve(program)
                        + ": install Debian's postgresql-15 (.ci/run does)");
            }
        }
        CatalinaRun.deleteRecursively(work);
        Files.createDirectories(work);
        ReplicatedPostgres postgres = new ReplicatedPostgres(work.toAbsolutePath(), CatalinaRun.freePort(),
                CatalinaRun.freePort(), asRoot() ? List.of("unshare", "-U") : List.of());
        try {
            postgres.startPrimary();
            postgres.startStandby();
            postgres.awaitSynchronousStandby();
        } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    private void startPrimary() throws IOException, InterruptedException {
        run("initdb", "-D", primary.toString(), "-U", USER, "-A", "trust", "-E", "UTF-8", "--no-sync");
        append(primary.resolve("postgresql.conf"), common(primaryPort),
                "wal_level = replica",
                "max_wal_senders = 4",
                // Every commit waits until the standby has it: what makes "nothing answered is lost" hold.
                "synchronous_standby_names = '" + STANDBY_NAME + "'",
                "synchronous_commit = on");
        append(primary.resolve("pg_hba.conf"), "host replication all 127.0.0.1/32 trust");
        pgCtl("start", primary);
    }

    private void startStandby() throws IOException, InterruptedException {
        // -R writes standby.signal and a primary_conninfo; ours below, later in the file, wins.
        run("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(primaryPort), "-U", USER,
                "-D", standby.toString(), "-R", "-X", "stream", "-c", "fast");
        append(standby.resolve("postgresql.auto.conf"), common(standbyPort),
                "primary_conninfo = 'host=127.0.0.1 port=" + primaryPort + " user=" + USER
                        + " application_name=" + STANDBY_NAME + "'",
                // Promoted, it has no standby of its own to wait for (a failover manager does the same).
                "synchronous_standby_names = ''");
        pgCtl("start", standby);
    }

    private static String common(int port) {
        return String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                // TCP only: the default socket directory belongs to the machine's cluster.
                "unix_socket_directories = ''",
                "max_connections = 50",
                "shared_buffers = 32MB",
                "hot_standby = on");
    }

    private void awaitSynchronousStandby() throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + STREAMING_WAIT.toNanos();
        String state = "none";
        while (System.nanoTime() < deadline) {
            try (Connection connection = connect(primaryPort);
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("select state || '/' || sync_state from pg_stat_replication"
                         + " where application_name = '" + STANDBY_NAME + "'")) {
                state = row.next() ? row.getString(1) : "none";
            }
            if (state.equals("streaming/sync")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the standby is not a streaming synchronous standby after " + STREAMING_WAIT
                + " (" + state + "); see " + work);
    }

    /** As a crash: {@code pg_ctl stop -m immediate}, no checkpoint, every session cut. */
    public void killPrimary() throws IOException, InterruptedException {
        pgCtl("stop", primary, "-m", "immediate");
    }

    /** {@code pg_ctl promote}, waiting until the standby accepts writes. */
    public void promoteStandby() throws IOException, InterruptedException, SQLException {
        pgCtl("promote", standby);
        try (Connection connection = connect(standbyPort);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select pg_is_in_recovery()")) {
            row.next();
            if (row.getBoolean(1)) {
                throw new IllegalStateException("the standby is still in recovery after pg_ctl promote");
            }
        }
    }

    public int primaryPort() {
        return primaryPort;
    }

    public int standbyPort() {
        return standbyPort;
    }

    /** Both servers, primary first, for a client that must find whichever is the primary. */
    public String multiHostUrl(String parameters) {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + standbyPort + "/postgres?"
                + parameters;
    }

    public Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, null);
    }

    /** Stops both (what still runs) and deletes their data directories; logs stay in {@code work}. */
    @Override
    public void close() {
        for (Path data : List.of(standby, primary)) {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                try {
                    pgCtl("stop", data, "-m", "immediate");
                } catch (IOException | RuntimeException e) {
                    // Already gone: the data directory goes anyway.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                CatalinaRun.deleteRecursively(data);
            } catch (IOException e) {
                // Left under target/ for the next run to empty.
            }
        }
    }

    private void pgCtl(String action, Path data, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pg_ctl", action, "-D", data.toString(), "-w"));
        if (action.equals("start")) {
            command.addAll(List.of("-l", work.resolve(data.getFileName() + ".log").toString()));
        }
        command.addAll(List.of(options));
        run(command.toArray(String[]::new));
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(prefix);
        line.add(BINARIES.resolve(command[0]).toString());
        line.addAll(List.of(command).subList(1, command.length));
        Path output = work.resolve("commands.log");
        append(output, "$ " + String.join(" ", line));
        Process process = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command[0] + " did not end within " + COMMAND_TIMEOUT + "; see " + output);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed (" + process.exitValue() + "):\n"
                    + Files.readString(output));
        }
    }

    private static void append(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    // initdb and postgres refuse root; /proc/self belongs to the process's effective user.
    private static boolean asRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }
}
