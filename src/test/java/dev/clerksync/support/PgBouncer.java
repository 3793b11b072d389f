package dev.clerksync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer (Debian's package, {@code .ci/run} installs it) in transaction mode in front of
 * a PostgreSQL, as an operator runs one: a pool of {@value #POOL_SIZE} server connections per
 * user and database, client connections handed a server connection per transaction, and a client
 * that waits 5 s for one refused, and a failed server login retried after 1 s rather than 15
 * (query_wait_timeout, server_login_retry: as docs/operations.md advises).
 */
public final class PgBouncer implements AutoCloseable {

    public static final int POOL_SIZE = 10;
    private static final List<String> BINARIES = List.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer");

    private final Process process;
    private final int port;
    private final Path directory;

    private PgBouncer(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    /** Starts one that pools connections to {@code host:port}, any database, any user (trusted). */
    public static PgBouncer start(String host, int serverPort, String user) {
        String binary = BINARIES.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst()
                .orElseThrow(() -> new IllegalStateException("pgbouncer is not installed (apt-get install pgbouncer;"
                        + " .ci/run does it)"));
        try {
            Path directory = Files.createTempDirectory("pgbouncer",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            int port = freePort();
            Files.writeString(directory.resolve("userlist.txt"), "\"" + user + "\" \"\"\n");
            Files.writeString(directory.resolve("pgbouncer.ini"), """
                    [databases]
                    * = host=%s port=%d

                    [pgbouncer]
                    listen_addr = 127.0.0.1
                    listen_port = %d
                    unix_socket_dir =
                    auth_type = trust
                    auth_file = %s
                    pool_mode = transaction
                    default_pool_size = %d
                    max_client_conn = 500
                    ignore_startup_parameters = extra_float_digits
                    admin_users = %s
                    stats_period = 1
                    query_wait_timeout = 5
                    server_login_retry = 1
                    """.formatted(host, serverPort, port, directory.resolve("userlist.txt"), POOL_SIZE, user));
            List<String> command = new ArrayList<>(List.of(binary));
            // PgBouncer refuses to run as root; it drops to the package's user when told to.
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "postgres"));
            }
            command.add(directory.resolve("pgbouncer.ini").toString());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("pgbouncer.log").toFile())
                    .start();
            PgBouncer bouncer = new PgBouncer(process, port, directory);
            bouncer.awaitListening();
            return bouncer;
        } catch (IOException e) {
            throw new UncheckedIOException("pgbouncer did not start", e);
        }
    }

    public int port() {
        return port;
    }

    /**
     * The transactions PgBouncer has passed on to {@code database} so far, from {@code SHOW STATS}
     * on its admin console, asked with psql as an operator would (pgjdbc's connection set-up sends
     * statements the console refuses).
     */
    public long transactions(String database, String user) {
        try {
            Process psql = new ProcessBuilder("psql", "-X", "-A", "-F", ",", "-P", "footer=off", "-h", "127.0.0.1",
                    "-p", Integer.toString(port), "-U", user, "-d", "pgbouncer", "-c", "show stats")
                    .redirectErrorStream(true).start();
            List<String> lines = new String(psql.getInputStream().readAllBytes()).lines().toList();
            if (psql.waitFor() != 0) {
                throw new IllegalStateException("psql show stats failed: " + lines);
            }
            List<String> columns = List.of(lines.get(0).split(","));
            return lines.stream().skip(1).map(line -> line.split(","))
                    .filter(row -> row[columns.indexOf("database")].equals(database))
                    .mapToLong(row -> Long.parseLong(row[columns.indexOf("total_xact_count")]))
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException("psql is not installed (postgresql-client; .ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A database behind it, for a client other than the WAR. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pgbouncer exited: " + Files.readString(directory.resolve("pgbouncer.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("pgbouncer did not listen within 10 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
