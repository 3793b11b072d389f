package dev.clerksync.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.svix.Webhook;
import dev.clerksync.fixtures.CatalinaRun;
import dev.clerksync.fixtures.EmbeddedDatabase;
import dev.clerksync.fixtures.SigningSecrets;
import dev.clerksync.fixtures.workload.MixedEvents;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fault suite: two stock Tomcat nodes on one PostgreSQL, a Svix-like sender posting thousands of
 * signed events (duplicates later, order shuffled, stale updates of deleted users) with retries on the
 * other node, while PostgreSQL is restarted, one node is killed with SIGKILL and started again, and
 * PostgreSQL is stopped for 10 s. Then every event must have been answered 2xx and the table must equal
 * the model: each user's latest version by {@code updated_at}, deleted users absent. Prints the figures
 * per phase. Runs only with {@code -Pfaults} (docs/fault-suites.md); settings as system properties
 * {@code faults.events}, {@code faults.rate}, {@code faults.seed}.
 */
class NodeAndDatabaseFaultIT {

    private static final Path WAR = Path.of("target/clerk-sync.war");
    private static final Path WORK = Path.of("target/faults");
    private static final Duration SEND_DEADLINE = Duration.ofMinutes(8);
    private static final Duration PG_DOWN = Duration.ofSeconds(10);

    private final List<Node> nodes = new ArrayList<>();
    private EmbeddedDatabase database;
    private volatile String phase = "1 steady";

    @AfterEach
    void tearDown() throws Exception {
        for (Node node : nodes) {
            node.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void everyEventLandsOnceAndTheTableEqualsTheModelThroughRestartsKillsAndAnOutage() throws Exception {
        int events = Integer.getInteger("faults.events", 5000);
        double rate = Double.parseDouble(System.getProperty("faults.rate", "120"));
        long seed = Long.getLong("faults.seed", System.nanoTime());
        FaultPlan plan = FaultPlan.create(seed, events, 6, 2, 30, 1500, 40);
        System.out.printf(Locale.ROOT, "FAULTS plan (seed %d): %s; sent at %.0f/s by 8 workers%n", seed, plan, rate);

        Class.forName("org.postgresql.Driver");
        database = EmbeddedDatabase.at(WORK.resolve("pgdata"), CatalinaRun.freePort()).start();
        String secret = SigningSecrets.newSecret();
        Map<String, String> settings = Map.of(
                "DATABASE_URL", database.jdbcUrl(),
                "DATABASE_USER", EmbeddedDatabase.USER,
                "CLERK_WEBHOOK_SIGNING_SECRET", secret,
                "CLERK_SYNC_ROLES", MixedEvents.ROLES,
                "CLERK_SYNC_DEFAULT_ROLE", MixedEvents.DEFAULT_ROLE);
        Path home = tomcat10();
        for (String name : List.of("node-a", "node-b")) {
            nodes.add(Node.prepare(home, WAR, "faults", name, settings, "256m"));
        }
        long bootStarted = System.nanoTime();
        CompletableFuture.allOf(nodes.stream().map(node -> CompletableFuture.runAsync(() -> startQuietly(node)))
                .toArray(CompletableFuture[]::new)).join();
        System.out.printf(Locale.ROOT, "FAULTS two nodes up in %.1f s (%s), PostgreSQL at %s%n",
                seconds(System.nanoTime() - bootStarted), home.getFileName(), database.jdbcUrl());

        SvixSender sender = new SvixSender(nodes.stream().map(Node::webhookUri).toList(), new Webhook(secret), 8,
                rate, () -> phase);
        long sendStarted = System.nanoTime();
        CompletableFuture<AtomicReferenceArray<Integer>> sending = CompletableFuture.supplyAsync(() -> {
            try {
                return sender.send(plan.deliveries, SEND_DEADLINE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        List<String> timeline = new ArrayList<>();
        long faultsOver = direct(plan.size(), sender, timeline, sendStarted);
        AtomicReferenceArray<Integer> statuses = sending.join();
        long converged = sender.lastAcknowledgedNanos();

        printFigures(sender, timeline, sendStarted, faultsOver, converged);
        assertEquals(0, sender.gaveUp(), "deliveries never answered 2xx within " + SEND_DEADLINE);
        for (int i = 0; i < statuses.length(); i++) {
            Integer status = statuses.get(i);
            assertTrue(status != null && status >= 200 && status < 300,
                    "delivery " + plan.deliveries.get(i).svixId() + " ended with " + status);
        }
        try (Connection connection = database.connect()) {
            TableAgainstModel.assertEqual(connection, plan.deliveries);
        }
    }

    /**
     * The faults, each when the sender has started a share of the plan: PostgreSQL restart at 15 %,
     * SIGKILL of node A (started again at once) at 35 %, PostgreSQL stopped for 10 s at 60 %.
     * Answers when the last fault ended.
     */
    private long direct(int total, SvixSender sender, List<String> timeline, long started) throws Exception {
        awaitStarted(sender, total * 15 / 100);
        phase = "2 pg-restart";
        mark(timeline, started, "PostgreSQL restart (pg_ctl stop -m fast, start)");
        database.restart();
        mark(timeline, started, "PostgreSQL up again");

        awaitStarted(sender, total * 35 / 100);
        phase = "3 node-kill";
        Node victim = nodes.get(0);
        mark(timeline, started, "kill -9 " + victim.name() + " (pid " + victim.pid() + ")");
        victim.kill9();
        victim.start();
        mark(timeline, started, victim.name() + " healthy again");

        awaitStarted(sender, total * 60 / 100);
        phase = "4 pg-down";
        mark(timeline, started, "PostgreSQL stopped for " + PG_DOWN.toSeconds() + " s");
        database.stop();
        Thread.sleep(PG_DOWN.toMillis());
        database.start();
        long over = System.nanoTime();
        phase = "5 recovery";
        mark(timeline, started, "PostgreSQL started again");
        return over;
    }

    private static void awaitStarted(SvixSender sender, int count) throws InterruptedException {
        while (sender.started() < count) {
            Thread.sleep(20);
        }
    }

    private static void mark(List<String> timeline, long started, String what) {
        String line = String.format(Locale.ROOT, "%7.1f s  %s", seconds(System.nanoTime() - started), what);
        timeline.add(line);
        System.out.println("FAULTS " + line);
    }

    private void printFigures(SvixSender sender, List<String> timeline, long started, long faultsOver,
            long converged) {
        System.out.println();
        System.out.println("=== fault suite: 2 stock Tomcat nodes, 1 PostgreSQL ===");
        timeline.forEach(line -> System.out.println("  " + line));
        sender.printPhases();
        System.out.printf(Locale.ROOT, "time to converge: %.1f s after the last fault ended (whole run %.1f s)%n",
                seconds(Math.max(0, converged - faultsOver)), seconds(converged - started));
    }

    private static void startQuietly(Node node) {
        try {
            node.start();
        } catch (Exception e) {
            throw new IllegalStateException(node.name() + " did not start", e);
        }
    }

    static Path tomcat10() {
        String dirs = System.getProperty("tomcat.distributions");
        if (dirs == null) {
            throw new IllegalStateException("tomcat.distributions is not set: run through mvn verify -Pfaults");
        }
        for (String dir : dirs.split(",")) {
            Path home = Path.of(dir.trim());
            if (home.getFileName().toString().startsWith("apache-tomcat-10.")) {
                return home;
            }
        }
        throw new IllegalStateException("no Tomcat 10.1 among " + dirs);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

}
