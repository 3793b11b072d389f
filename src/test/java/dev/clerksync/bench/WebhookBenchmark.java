package dev.clerksync.bench;

import com.sun.management.OperatingSystemMXBean;
import com.svix.Webhook;
import dev.clerksync.support.ClerkEvents;
import dev.clerksync.support.TestEnvironment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import java.util.logging.LogManager;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

/**
 * Prints how fast the packaged WAR applies signed {@code user.updated} deliveries, next to what
 * PostgreSQL alone does with the same transaction ({@code pgbench} running the statements one
 * delivery runs), measured in one run on one database so the two figures are comparable.
 * The load comes from {@link LoadClient} in a second JVM, so this JVM's CPU is the server's alone.
 * A benchmark, not a test: it prints figures and judges nothing.
 *
 * <p>Settings (system properties): {@code bench.requests} measured deliveries, split over the rounds,
 * {@code bench.warmup}, {@code bench.clients}, {@code bench.users}, {@code bench.rounds},
 * {@code bench.pgbench.seconds} per round, {@code bench.war}, {@code bench.pgbench} (the binary).
 * The database is an embedded PostgreSQL unless {@code BENCH_DATABASE_URL} (with
 * {@code BENCH_DATABASE_USER}, {@code BENCH_DATABASE_PASSWORD}) names one.
 */
public final class WebhookBenchmark {

    private static final String SECRET = TestEnvironment.newSecret();
    // Creation version of every benchmark user; each delivery carries a newer one.
    private static final long CREATED_VERSION = 1_700_000_000_000L;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> PGBENCH_CANDIDATES = List.of("/usr/lib/postgresql/15/bin/pgbench", "pgbench");
    private static final Path WORK = Path.of("target", "bench");

    private final Options options;
    private final String userPrefix = "user_bench" + UUID.randomUUID().toString().substring(0, 8) + "_";
    // Version last sent per user; a user belongs to one client thread, so versions only grow.
    private final long[] versions;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private URI endpoint;

    private WebhookBenchmark(Options options) {
        this.options = options;
        this.versions = new long[options.users];
        Arrays.fill(versions, CREATED_VERSION);
    }

    public static void main(String[] args) throws Exception {
        Files.createDirectories(WORK);
        quietLogging();
        Options options = Options.fromSystemProperties();
        try (TargetDatabase database = TargetDatabase.open()) {
            new WebhookBenchmark(options).run(database);
        }
    }

    private void run(TargetDatabase database) throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), database.describe());
        System.out.printf(Locale.ROOT, "settings: %s%n", options);
        System.setProperty("DATABASE_URL", database.jdbcUrl);
        setOrClear("DATABASE_USER", database.user);
        setOrClear("DATABASE_PASSWORD", database.password);
        System.setProperty("CLERK_WEBHOOK_SIGNING_SECRET", SECRET);

        Tomcat tomcat = startTomcat();
        try {
            createUsers();
            runRound(options.warmup);
            List<RoundResult> webhook = new ArrayList<>();
            List<PgbenchResult> pgbench = new ArrayList<>();
            Path pgbenchBinary = findPgbench();
            Path script = writePgbenchScript();
            Profile profile = Profile.startIfAsked();
            for (int round = 1; round <= options.rounds; round++) {
                RoundResult result = runRound(options.requestsInRound(round));
                webhook.add(result);
                System.out.printf(Locale.ROOT, "round %d webhook: %s%n", round, result);
                if (pgbenchBinary != null) {
                    PgbenchResult pg = runPgbench(pgbenchBinary, script, database);
                    pgbench.add(pg);
                    System.out.printf(Locale.ROOT, "round %d pgbench: %s%n", round, pg);
                }
            }
            profile.stop();
            printSummary(webhook, pgbench);
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private Tomcat startTomcat() throws LifecycleException, IOException, InterruptedException {
        Path base = WORK.resolve("tomcat");
        deleteRecursively(base);
        Files.createDirectories(base.resolve("webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toAbsolutePath().toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        tomcat.addWebapp("", options.war.getAbsolutePath());
        long started = System.nanoTime();
        tomcat.start();
        int port = tomcat.getConnector().getLocalPort();
        URI root = URI.create("http://127.0.0.1:" + port + "/");
        endpoint = root.resolve("webhooks/clerk");
        awaitHealthy(root.resolve("health"));
        System.out.printf(Locale.ROOT, "WAR %s deployed in embedded Tomcat %s on port %d in %d ms%n",
                options.war, ServerInfo.getServerNumber(), port,
                (System.nanoTime() - started) / 1_000_000);
        return tomcat;
    }

    private void awaitHealthy(URI health) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEPLOY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).timeout(REQUEST_TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the WAR did not answer 200 on " + health + " within " + DEPLOY_TIMEOUT
                + " (see " + WORK.resolve("clerk-sync.log") + ")");
    }

    /** Creates every benchmark user through the webhook itself, so the rows are what the WAR writes. */
    private void createUsers() throws Exception {
        long started = System.nanoTime();
        RoundResult created = inParallel(client -> {
            List<Delivery> deliveries = new ArrayList<>();
            for (int user = client; user < options.users; user += options.clients) {
                String body = ClerkEvents.userCreated(userId(user)).updatedAt(CREATED_VERSION).json();
                deliveries.add(Delivery.signed(body));
            }
            return deliveries;
        });
        if (created.errors > 0 || created.notApplied > 0) {
            throw new IllegalStateException("creating the benchmark users failed: " + created);
        }
        System.out.printf(Locale.ROOT, "created %d users through the webhook in %d ms%n", options.users,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** {@code count} user.updated deliveries, each with a new svix-id and a newer version of its user. */
    private RoundResult runRound(int count) throws Exception {
        return inParallel(client -> {
            List<Delivery> deliveries = new ArrayList<>();
            int owned = ownedUsers(client);
            int perClient = count / options.clients + (client < count % options.clients ? 1 : 0);
            for (int i = 0; i < perClient; i++) {
                int user = client + options.clients * (i % owned);
                long version = ++versions[user];
                String body = ClerkEvents.userUpdated(userId(user))
                        .name("Ada" + (version - CREATED_VERSION), "Lovelace")
                        .updatedAt(version)
                        .json();
                deliveries.add(Delivery.signed(body));
            }
            return deliveries;
        });
    }

    private int ownedUsers(int client) {
        return (options.users - client + options.clients - 1) / options.clients;
    }

    /**
     * Prepares each client's deliveries (bodies and signatures are made before the clock starts,
     * so the client's own work stays out of the figures), then has {@link LoadClient}, in a JVM of
     * its own, post them from one thread per client, one request at a time each. The clock and the
     * CPU counters run from its go to its done; this JVM is then the server alone.
     */
    private RoundResult inParallel(DeliveryPlan plan) throws Exception {
        Path requests = WORK.resolve("requests.bin");
        Path results = WORK.resolve("results.bin");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(requests)))) {
            out.writeInt(options.clients);
            for (int client = 0; client < options.clients; client++) {
                List<Delivery> deliveries = plan.deliveries(client);
                out.writeInt(deliveries.size());
                for (Delivery delivery : deliveries) {
                    byte[] request = delivery.request(endpoint);
                    out.writeInt(request.length);
                    out.write(request);
                }
            }
        }
        Files.deleteIfExists(results);
        Process client = new ProcessBuilder(loadClientCommand(requests, results))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader said = new BufferedReader(new InputStreamReader(client.getInputStream(),
                     StandardCharsets.US_ASCII));
             Writer go = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII)) {
            expectLine(said, "ready", client);
            CpuUse cpu = CpuUse.start();
            go.write("go\n");
            go.flush();
            expectLine(said, "done", client);
            CpuUse.Spent spent = cpu.stop();
            if (client.waitFor() != 0) {
                throw new IllegalStateException("the load client exited with " + client.exitValue());
            }
            return RoundResult.read(results, spent);
        } finally {
            client.destroy();
        }
    }

    /** A lean client JVM: small heap, serial GC, C1 only; it starts fast and stays out of the server's way. */
    private List<String> loadClientCommand(Path requests, Path results) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LoadClient.class.getName(),
                endpoint.getHost(), Integer.toString(endpoint.getPort()),
                requests.toAbsolutePath().toString(), results.toAbsolutePath().toString());
    }

    private static void expectLine(BufferedReader said, String expected, Process client) throws IOException {
        String line = said.readLine();
        if (!expected.equals(line)) {
            client.destroy();
            throw new IllegalStateException("the load client said " + line + " instead of " + expected);
        }
    }

    private String userId(int user) {
        return userPrefix + user;
    }

    private static Path findPgbench() {
        String configured = System.getProperty("bench.pgbench", "");
        List<String> candidates = configured.isBlank() ? PGBENCH_CANDIDATES : List.of(configured);
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (path.isAbsolute() && Files.isExecutable(path)) {
                return path;
            }
            if (!path.isAbsolute()) {
                for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                    Path onPath = Path.of(dir, candidate);
                    if (Files.isExecutable(onPath)) {
                        return onPath;
                    }
                }
            }
        }
        System.out.println("pgbench not found (set -Dbench.pgbench=…): PostgreSQL's ceiling is not measured");
        return null;
    }

    /**
     * The statements one user.updated delivery runs, in its order, as Hibernate sends them (read
     * off PostgreSQL's log_statement, see docs/benchmarks.md): lock the user, look up the svix-id,
     * load the user, then at flush record the delivery and update every column of the row. Each client works on its own users, as the webhook clients
     * do; the svix-id is new each time. The update keeps clerk_updated_at at the creation version
     * so that later webhook rounds still carry a newer one.
     */
    private Path writePgbenchScript() throws IOException {
        String script = """
                \\set n :client_id + :clients * random(0, :per_client - 1)
                \\set r random(1, 1000000000000000)
                BEGIN;
                select 1 from pg_advisory_xact_lock(hashtextextended(:prefix || :n, 0));
                select svix_id, attempts, error, event_type, outcome, payload, processed_at, received_at, user_id from webhook_events where svix_id = 'pgbench_' || :client_id || '_' || :r;
                select id, banned, clerk_created_at, clerk_updated_at, created_at, display_name, email, first_name, image_url, last_name, last_sign_in_at, phone_number, provisional, public_metadata, role, updated_at, username from users where id = :prefix || :n;
                insert into webhook_events (event_type, user_id, attempts, error, outcome, payload, processed_at, received_at, svix_id) values ('user.updated', :prefix || :n, 1, null, 'applied', null, now(), now(), 'pgbench_' || :client_id || '_' || :r);
                update users set banned = false, clerk_created_at = to_timestamp(1654012591.514), clerk_updated_at = to_timestamp(1700000000), created_at = created_at, display_name = 'Ada' || :r || ' Lovelace', email = lower(:prefix || :n) || '@example.com', first_name = 'Ada' || :r, image_url = 'https://img.clerk.com/xxxxxx', last_name = 'Lovelace', last_sign_in_at = to_timestamp(1654012591.514), phone_number = null, provisional = false, public_metadata = '{}'::jsonb, role = 'user', updated_at = now(), username = username where id = :prefix || :n;
                COMMIT;
                """;
        Path file = WORK.resolve("user-updated.pgbench.sql");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        return file;
    }

    private PgbenchResult runPgbench(Path binary, Path script, TargetDatabase database)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--no-vacuum", "--protocol=prepared", "--report-per-command",
                "--client=" + options.clients,
                "--jobs=" + Math.min(options.clients, Runtime.getRuntime().availableProcessors()),
                "--time=" + options.pgbenchSeconds,
                "--define=prefix=" + userPrefix,
                "--define=clients=" + options.clients,
                "--define=per_client=" + (options.users / options.clients),
                "--file=" + script.toAbsolutePath(),
                "--host=" + database.host, "--port=" + database.port));
        if (database.user != null) {
            command.add("--username=" + database.user);
        }
        command.add(database.name);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (database.password != null) {
            builder.environment().put("PGPASSWORD", database.password);
        }
        CpuUse cpu = CpuUse.start();
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit = process.waitFor();
        CpuUse.Spent spent = cpu.stop();
        Files.writeString(WORK.resolve("pgbench.log"), String.join(" ", command) + "\n" + output,
                StandardCharsets.UTF_8);
        if (exit != 0) {
            throw new IllegalStateException("pgbench exited with " + exit + ":\n" + output);
        }
        return PgbenchResult.parse(output, spent);
    }

    private void printSummary(List<RoundResult> webhook, List<PgbenchResult> pgbench) {
        double throughput = median(webhook.stream().mapToDouble(RoundResult::throughput).toArray());
        long[] all = webhook.stream().flatMapToLong(r -> Arrays.stream(r.latencies)).sorted().toArray();
        System.out.println();
        System.out.printf(Locale.ROOT, "=== summary (%d cores, %d clients, %d users, %d rounds; medians over rounds) ===%n",
                Runtime.getRuntime().availableProcessors(), options.clients, options.users, webhook.size());
        System.out.printf(Locale.ROOT, "webhook  requests %d  throughput %.1f req/s  latency p50 %.2f ms  p95 %.2f ms"
                        + "  p99 %.2f ms  errors %d  not applied %d%n",
                all.length, throughput, millis(percentile(all, 50)), millis(percentile(all, 95)),
                millis(percentile(all, 99)), webhook.stream().mapToInt(RoundResult::errors).sum(),
                webhook.stream().mapToInt(RoundResult::notApplied).sum());
        System.out.printf(Locale.ROOT, "webhook  cpu per request %.2f ms (whole machine), of which server JVM (Tomcat, WAR)"
                        + " %.2f ms, load client JVM %.2f ms%n",
                median(webhook.stream().mapToDouble(RoundResult::machineCpuMillis).toArray()),
                median(webhook.stream().mapToDouble(RoundResult::serverCpuMillis).toArray()),
                median(webhook.stream().mapToDouble(RoundResult::clientCpuMillis).toArray()));
        if (pgbench.isEmpty()) {
            return;
        }
        double tps = median(pgbench.stream().mapToDouble(PgbenchResult::tps).toArray());
        double latency = median(pgbench.stream().mapToDouble(PgbenchResult::latencyMillis).toArray());
        System.out.printf(Locale.ROOT, "pgbench  same transaction, %d clients, %d s per round  tps %.1f  latency avg %.2f ms"
                        + "  failed %d%n",
                options.clients, options.pgbenchSeconds, tps, latency,
                pgbench.stream().mapToLong(PgbenchResult::failed).sum());
        System.out.printf(Locale.ROOT, "pgbench  cpu per transaction %.2f ms (PostgreSQL and pgbench)%n",
                median(pgbench.stream().mapToDouble(PgbenchResult::machineCpuMillis).toArray()));
        System.out.printf(Locale.ROOT, "ratio    webhook throughput / pgbench tps = %.3f%n", throughput / tps);
        System.out.println("pgbench per statement (ms, last round):");
        pgbench.get(pgbench.size() - 1).perStatement.forEach(line -> System.out.println("  " + line));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** The webapp logs one line per delivery, as in production; here they go to a file, not the console. */
    private static void quietLogging() throws IOException {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream config = WebhookBenchmark.class.getResourceAsStream("/bench-logging.properties")) {
            LogManager.getLogManager().readConfiguration(config);
        }
    }

    private static void setOrClear(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * With {@code -Dbench.jfr=FILE}, a JDK Flight Recorder recording ({@code profile} settings) of
     * the measured rounds only, so warm-up and start-up stay out of it. Read it with
     * {@code jfr print --events jdk.ExecutionSample FILE}.
     */
    private record Profile(Recording recording, Path file) {

        static Profile startIfAsked() throws IOException, ParseException {
            String file = System.getProperty("bench.jfr", "");
            if (file.isBlank()) {
                return new Profile(null, null);
            }
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.start();
            return new Profile(recording, Path.of(file));
        }

        void stop() throws IOException {
            if (recording != null) {
                recording.stop();
                recording.dump(file);
                recording.close();
                System.out.printf(Locale.ROOT, "flight recording of the measured rounds: %s%n", file);
            }
        }
    }

    @FunctionalInterface
    private interface DeliveryPlan {
        List<Delivery> deliveries(int client) throws Exception;
    }

    /** A body with its svix headers, signed once, before the clock starts. */
    private record Delivery(String id, long timestamp, String signature, byte[] body) {

        static Delivery signed(String body) throws Exception {
            String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
            long timestamp = Instant.now().getEpochSecond();
            String signature = new Webhook(SECRET).sign(id, timestamp, body);
            return new Delivery(id, timestamp, signature, body.getBytes(StandardCharsets.UTF_8));
        }

        /** The whole HTTP/1.1 request, as a Svix sender would write it. */
        byte[] request(URI endpoint) {
            String head = "POST " + endpoint.getRawPath() + " HTTP/1.1\r\n"
                    + "Host: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "svix-id: " + id + "\r\n"
                    + "svix-timestamp: " + timestamp + "\r\n"
                    + "svix-signature: " + signature + "\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
            return request;
        }
    }

    private record RoundResult(long[] latencies, int errors, int notApplied, long elapsedNanos, CpuUse.Spent cpu,
            long clientCpuNanos) {

        /** What {@link LoadClient} wrote, with the CPU spent while it posted. */
        static RoundResult read(Path results, CpuUse.Spent cpu) throws IOException {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(results)))) {
                long elapsed = in.readLong();
                long clientCpu = in.readLong();
                List<Long> latencies = new ArrayList<>();
                int errors = 0;
                int notApplied = 0;
                while (in.available() > 0) {
                    errors += in.readInt();
                    notApplied += in.readInt();
                    int count = in.readInt();
                    for (int i = 0; i < count; i++) {
                        latencies.add(in.readLong());
                    }
                }
                return new RoundResult(latencies.stream().mapToLong(Long::longValue).sorted().toArray(), errors,
                        notApplied, elapsed, cpu, clientCpu);
            }
        }

        double machineCpuMillis() {
            return cpu.machineMillis() / latencies.length;
        }

        /** This JVM: Tomcat and the WAR, with no client in it. */
        double serverCpuMillis() {
            return cpu.processMillis() / latencies.length;
        }

        double clientCpuMillis() {
            return clientCpuNanos / 1e6 / latencies.length;
        }

        double throughput() {
            return latencies.length / (elapsedNanos / 1e9);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d requests in %.1f s  %.1f req/s  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms"
                            + "  errors %d  not applied %d  cpu/request %.2f ms (server JVM %.2f ms, load client %.2f ms)",
                    latencies.length, elapsedNanos / 1e9, throughput(), millis(percentile(latencies, 50)),
                    millis(percentile(latencies, 95)), millis(percentile(latencies, 99)), errors, notApplied,
                    machineCpuMillis(), serverCpuMillis(), clientCpuMillis());
        }
    }

    private record PgbenchResult(double tps, double latencyMillis, long failed, List<String> perStatement,
            double machineCpuMillis) {

        private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
        private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
        private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
        private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
        private static final Pattern STATEMENT = Pattern.compile("^\\s+([0-9.]+)\\s+(?:\\d+\\s+)?(\\S.*)$");

        static PgbenchResult parse(String output, CpuUse.Spent cpu) {
            List<String> statements = new ArrayList<>();
            boolean inStatements = false;
            for (String line : output.split("\n")) {
                if (line.startsWith("statement latencies")) {
                    inStatements = true;
                } else if (inStatements) {
                    Matcher statement = STATEMENT.matcher(line);
                    if (statement.matches() && !statement.group(2).startsWith("\\set")) {
                        String sql = statement.group(2);
                        statements.add(String.format(Locale.ROOT, "%7s  %s", statement.group(1),
                                sql.length() > 70 ? sql.substring(0, 70) + "…" : sql));
                    }
                }
            }
            Matcher failed = FAILED.matcher(output);
            return new PgbenchResult(number(TPS, output), number(LATENCY, output),
                    failed.find() ? Long.parseLong(failed.group(1)) : 0, statements,
                    cpu.machineMillis() / number(PROCESSED, output));
        }

        private static double number(Pattern pattern, String output) {
            Matcher matcher = pattern.matcher(output);
            if (!matcher.find()) {
                throw new IllegalStateException("pgbench printed no '" + pattern + "':\n" + output);
            }
            return Double.parseDouble(matcher.group(1));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "tps %.1f  latency avg %.2f ms  failed %d  cpu/transaction %.2f ms",
                    tps, latencyMillis, failed, machineCpuMillis);
        }
    }

    /**
     * CPU time spent while a phase ran: the whole machine's (Linux /proc/stat, every process:
     * client, Tomcat, PostgreSQL) and this JVM's. On a machine this small, CPU is the limit, so
     * CPU per request says where the time goes better than wall time.
     */
    private record CpuUse(long machineTicks, long processNanos) {

        // USER_HZ, the unit of /proc/stat; 100 on every mainstream Linux build.
        private static final double MILLIS_PER_TICK = 10.0;
        private static final Path PROC_STAT = Path.of("/proc/stat");

        static CpuUse start() {
            return new CpuUse(readMachineTicks(), readProcessNanos());
        }

        Spent stop() {
            return new Spent((readMachineTicks() - machineTicks) * MILLIS_PER_TICK,
                    (readProcessNanos() - processNanos) / 1e6);
        }

        record Spent(double machineMillis, double processMillis) {
        }

        /** Busy ticks of all cores: user, nice, system, irq, softirq, steal (not idle, not iowait). */
        private static long readMachineTicks() {
            try {
                String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
                long busy = 0;
                for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
                    busy += Long.parseLong(fields[field]);
                }
                return busy;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        private static long readProcessNanos() {
            return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }

    private record Options(int requests, int warmup, int clients, int users, int rounds, int pgbenchSeconds, File war) {

        static Options fromSystemProperties() {
            Options options = new Options(
                    intProperty("bench.requests", 6000),
                    intProperty("bench.warmup", 3000),
                    intProperty("bench.clients", 8),
                    intProperty("bench.users", 1000),
                    intProperty("bench.rounds", 3),
                    intProperty("bench.pgbench.seconds", 8),
                    new File(System.getProperty("bench.war", "target/clerk-sync.war")));
            if (options.users < options.clients) {
                throw new IllegalArgumentException("bench.users must be at least bench.clients");
            }
            if (options.requests < options.rounds) {
                throw new IllegalArgumentException("bench.requests must be at least bench.rounds");
            }
            if (!options.war.isFile()) {
                throw new IllegalArgumentException("no WAR at " + options.war + ": run mvn package first");
            }
            return options;
        }

        int requestsInRound(int round) {
            return requests / rounds + (round <= requests % rounds ? 1 : 0);
        }

        private static int intProperty(String name, int fallback) {
            int value = Integer.getInteger(name, fallback);
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        @Override
        public String toString() {
            return "requests=" + requests + " warmup=" + warmup + " clients=" + clients + " users=" + users
                    + " rounds=" + rounds + " pgbench.seconds/round=" + pgbenchSeconds + " war=" + war;
        }
    }

    /** The database both sides run against: BENCH_DATABASE_URL's, else an embedded one owned by this run. */
    private static final class TargetDatabase implements AutoCloseable {

        final String jdbcUrl;
        final String user;
        final String password;
        final String host;
        final int port;
        final String name;
        private final EmbeddedPostgres embedded;

        private TargetDatabase(String jdbcUrl, String user, String password, EmbeddedPostgres embedded) {
            this.jdbcUrl = jdbcUrl;
            this.user = user;
            this.password = password;
            this.embedded = embedded;
            URI address = URI.create(jdbcUrl.substring("jdbc:".length()));
            this.host = address.getHost();
            this.port = address.getPort() < 0 ? 5432 : address.getPort();
            this.name = address.getPath().substring(1);
        }

        static TargetDatabase open() throws IOException, ClassNotFoundException {
            Class.forName("org.postgresql.Driver");
            String external = setting("BENCH_DATABASE_URL");
            if (external != null) {
                return new TargetDatabase(external, setting("BENCH_DATABASE_USER"), setting("BENCH_DATABASE_PASSWORD"),
                        null);
            }
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            return new TargetDatabase("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                    "postgres", null, postgres);
        }

        private static String setting(String name) {
            String value = System.getenv(name);
            return value != null ? value : System.getProperty(name);
        }

        /** Server version and the settings that move commit cost the most. */
        String describe() {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                 Statement statement = connection.createStatement()) {
                StringBuilder text = new StringBuilder(embedded == null ? "PostgreSQL at " + host + ":" + port
                        : "embedded PostgreSQL");
                for (String setting : List.of("server_version", "fsync", "synchronous_commit", "shared_buffers")) {
                    try (ResultSet row = statement.executeQuery("show " + setting)) {
                        row.next();
                        text.append(' ').append(setting).append('=').append(row.getString(1));
                    }
                }
                return text.toString();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot reach " + jdbcUrl, e);
            }
        }

        @Override
        public void close() throws IOException {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
