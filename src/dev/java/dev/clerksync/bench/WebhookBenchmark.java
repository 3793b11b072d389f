package dev.clerksync.bench;

import com.svix.Webhook;
import dev.clerksync.bench.MixedWorkload.Verdict;
import dev.clerksync.fixtures.SigningSecrets;
import dev.clerksync.fixtures.workload.MixedEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.LogManager;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

/**
 * Prints how fast the packaged WAR applies signed Clerk webhook deliveries, next to what PostgreSQL
 * alone does with the same per-event work ({@code pgbench}), measured in one run on one database so
 * the two figures are comparable. The load comes from {@link LoadClient} in a second JVM, so this
 * JVM's CPU is the server's alone. A benchmark, not a test: it prints figures and judges nothing
 * (the mixed workload's state check prints its mismatches; it fails nothing either).
 *
 * <p>Workloads ({@code bench.workload=mixed|updated|both|b2b}, default mixed): {@link MixedWorkload},
 * Clerk's created/updated/deleted mix with duplicate deliveries in each order of {@code bench.dupOrder};
 * {@link UpdatedWorkload}, {@code user.updated} deliveries for pre-created users; and {@code b2b}, the
 * mixed rounds with organizations and memberships among the users ({@link Traffic#B2B}).
 *
 * <p>Settings (system properties, see {@link BenchOptions} and docs/benchmarks.md): {@code bench.requests}
 * measured deliveries per workload and duplicate order, split over the rounds, {@code bench.warmup},
 * {@code bench.clients}, {@code bench.users}, {@code bench.rounds}, {@code bench.seconds},
 * {@code bench.duplicates}, {@code bench.dupOrder}, {@code bench.seed}, {@code bench.pgbench.seconds}
 * per round, {@code bench.war}, {@code bench.pgbench} (the binary), {@code bench.jfr}; and
 * {@code bench.preloadUsers}, {@code bench.preloadEvents}, {@code bench.preload=full|compare}, the
 * mixed rounds on filled tables ({@link Preload}), then during the retention purge ({@link RetentionPurge});
 * {@code bench.soakMinutes}, the traffic for that many minutes instead of the measured rounds ({@link Soak}).
 * The database is an embedded PostgreSQL unless {@code BENCH_DATABASE_URL} (with
 * {@code BENCH_DATABASE_USER}, {@code BENCH_DATABASE_PASSWORD}) names one.
 */
public final class WebhookBenchmark {

    private static final String SECRET = SigningSecrets.newSecret();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);
    private static final Path WORK = Path.of("target", "bench");
    // Where bench-logging.properties sends the webapp's log: one line per delivery.
    private static final Path LOG = WORK.resolve("clerk-sync.log");

    private final BenchOptions options;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private URI endpoint;

    private WebhookBenchmark(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Files.createDirectories(WORK);
        quietLogging();
        BenchOptions options = BenchOptions.fromSystemProperties();
        try (TargetDatabase database = TargetDatabase.open()) {
            new WebhookBenchmark(options).run(database);
        }
    }

    private void run(TargetDatabase database) throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, heap max %d MB, %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), database.describe());
        System.out.printf(Locale.ROOT, "settings: %s%n", options);
        System.setProperty("DATABASE_URL", database.jdbcUrl);
        setOrClear("DATABASE_USER", database.user);
        setOrClear("DATABASE_PASSWORD", database.password);
        System.setProperty("CLERK_WEBHOOK_SIGNING_SECRET", SECRET);
        System.setProperty("CLERK_SYNC_ROLES", MixedEvents.ROLES);
        System.setProperty("CLERK_SYNC_DEFAULT_ROLE", MixedEvents.DEFAULT_ROLE);
        if (options.preload().any()) {
            // The WAR's own scheduled purge must not take preloaded records during the run.
            System.setProperty("CLERK_SYNC_EVENT_RETENTION_DAYS", Integer.toString(Preload.DAYS + 1));
        }

        Tomcat tomcat = startTomcat();
        try {
            LoadRunner load = new LoadRunner(endpoint, options.clients(), WORK, PostgresCpu.find(database));
            Webhook signer = new Webhook(SECRET);
            Pgbench pgbench = Pgbench.findIfInstalled(database, options, WORK);
            UpdatedWorkload updated = new UpdatedWorkload(options, load, signer, WORK);
            Traffic traffic = options.workload().traffic();
            MixedWorkload mixed = new MixedWorkload(options, traffic, load, signer, database, WORK, LOG);
            // Every warm-up before the first measured round, so the recording holds measured rounds only.
            if (options.workload().includesUpdated()) {
                updated.prepare();
            }
            if (options.workload().includesMixed()) {
                mixed.warmUp();
            }
            if (options.soakMinutes() > 0) {
                new Soak(options, traffic, mixed, LOG).run();
                return;
            }
            Profile profile = Profile.startIfAsked();
            if (options.workload().includesUpdated()) {
                updated.runMeasuredRounds(pgbench);
            }
            if (options.workload().includesMixed()) {
                runMixedRounds(traffic, mixed, pgbench, database);
            }
            profile.stop();
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /**
     * The mixed rounds; with a preload, on the filled tables, after the same rounds on the tables as
     * they were when asked to compare, and then during the retention purge of the oldest day.
     */
    private void runMixedRounds(Traffic traffic, MixedWorkload mixed, Pgbench pgbench, TargetDatabase database)
            throws Exception {
        Preload preload = options.preload();
        Map<DuplicateOrder, Verdict> empty = Map.of();
        if (preload.compare()) {
            empty = mixed.runMeasuredRounds(pgbench);
            printVerdicts(traffic, "tables without the preload", empty);
        }
        if (preload.any()) {
            preload.fill(database);
        }
        Map<DuplicateOrder, Verdict> full = mixed.runMeasuredRounds(pgbench);
        printVerdicts(traffic, preload.any() ? "preloaded tables" : "", full);
        for (Map.Entry<DuplicateOrder, Verdict> order : empty.entrySet()) {
            Verdict filled = full.get(order.getKey());
            System.out.printf(Locale.ROOT, "FLAT dup=%-9s empty %.1f deliveries/s p99 %.2f ms  full %.1f deliveries/s"
                            + " p99 %.2f ms  full/empty deliveries/s %.3f  (%d users, %d records preloaded)%n",
                    order.getKey().label(), order.getValue().throughput(), order.getValue().p99Millis(),
                    filled.throughput(), filled.p99Millis(), filled.throughput() / order.getValue().throughput(),
                    preload.users(), preload.events());
        }
        if (preload.events() > 0) {
            DuplicateOrder order = options.duplicateOrders().get(0);
            purgeUnderLoad(mixed, order, full.get(order), database);
        }
    }

    /**
     * Rounds of {@code order} back to back while the WAR's retention purge deletes the oldest day of
     * the preloaded records; the medians of those that ended before the purge did (else of the first
     * round) against the rounds without it.
     */
    private void purgeUnderLoad(MixedWorkload mixed, DuplicateOrder order, Verdict without, TargetDatabase database)
            throws Exception {
        try (RetentionPurge purge = new RetentionPurge(database, Duration.ofDays(Preload.DAYS - 1))) {
            System.out.printf(Locale.ROOT, "%n=== rounds during the retention purge of the oldest day ===%n");
            List<MixedRound> rounds = new ArrayList<>();
            CompletableFuture<RetentionPurge.Run> running = purge.start();
            int ran = 0;
            do {
                MixedRound round = mixed.measuredRound(++ran, order);
                if (rounds.isEmpty() || !running.isDone()) {
                    rounds.add(round);
                }
            } while (!running.isDone());
            RetentionPurge.Run run = running.join();
            double throughput = Verdict.throughput(rounds);
            System.out.printf(Locale.ROOT, "PURGE dup=%-9s %d records deleted in %.1f s, batches of 1000; %d of %d"
                            + " rounds ended before it (%.1f s measured): %.1f deliveries/s p99 %.2f ms  without %.1f"
                            + " deliveries/s p99 %.2f ms  purge/no-purge deliveries/s %.3f  non-2xx %d  mismatches %d%n",
                    order.label(), run.records(), run.nanos() / 1e9, rounds.size(), ran,
                    rounds.stream().mapToLong(round -> round.load().elapsedNanos()).sum() / 1e9, throughput,
                    Verdict.p99Millis(rounds), without.throughput(), without.p99Millis(),
                    throughput / without.throughput(), rounds.stream().mapToInt(MixedRound::non2xx).sum(),
                    rounds.stream().mapToInt(MixedRound::mismatches).sum());
        }
    }

    /** The mixed workload's duplicate orders side by side: the lines to quote. */
    private void printVerdicts(Traffic traffic, String tables, Map<DuplicateOrder, Verdict> verdicts) {
        System.out.println();
        System.out.printf(Locale.ROOT, "=== %s workload, %d clients, medians over %d rounds per duplicate order%s ===%n",
                traffic.label, options.clients(), options.rounds(), tables.isEmpty() ? "" : ", " + tables);
        verdicts.forEach((order, verdict) -> System.out.printf(Locale.ROOT, "%s dup=%-9s %s%n",
                traffic.label.toUpperCase(Locale.ROOT), order.label(), verdict.line()));
    }

    private Tomcat startTomcat() throws LifecycleException, IOException, InterruptedException {
        Path base = WORK.resolve("tomcat");
        deleteRecursively(base);
        Files.createDirectories(base.resolve("webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toAbsolutePath().toString());
        tomcat.setPort(0);
        if (options.maxThreads() > 0) {
            // More request threads than the WAR's group commit lets wait (Webhooks.MAX_QUEUED), so that an
            // overload meets the WAR's bound and not the connector's.
            tomcat.getConnector().setProperty("maxThreads", Integer.toString(options.maxThreads()));
        }
        tomcat.getConnector();
        tomcat.addWebapp("", options.war().getAbsolutePath());
        long started = System.nanoTime();
        tomcat.start();
        int port = tomcat.getConnector().getLocalPort();
        URI root = URI.create("http://127.0.0.1:" + port + "/");
        endpoint = root.resolve("webhooks/clerk");
        awaitHealthy(root.resolve("health"));
        Connector connector = tomcat.getConnector();
        System.out.printf(Locale.ROOT, "WAR %s deployed in embedded Tomcat %s on port %d in %d ms (connector"
                        + " maxThreads %s, maxConnections %s, acceptCount %s)%n",
                options.war(), ServerInfo.getServerNumber(), port, (System.nanoTime() - started) / 1_000_000,
                connector.getProperty("maxThreads"), connector.getProperty("maxConnections"),
                connector.getProperty("acceptCount"));
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
                + " (see " + LOG + ")");
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

}
