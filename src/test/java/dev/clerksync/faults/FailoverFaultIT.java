package dev.clerksync.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.svix.Webhook;
import dev.clerksync.fixtures.SigningSecrets;
import dev.clerksync.fixtures.workload.MixedEvents;
import dev.clerksync.support.ReplicatedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failover: one stock Tomcat node whose {@code DATABASE_URL} names a PostgreSQL 15 primary and its
 * synchronous streaming standby ({@code targetServerType=primary}), and a Svix-like sender (8
 * workers) posting the fault suite's kind of traffic. When 30 % of it has started, the primary is
 * killed ({@code pg_ctl stop -m immediate}); 6 s later the standby is promoted; the sender goes on.
 * Every answer must be 200 or 503 (never a 500, never no answer), some 503 while there is no
 * primary and no 2xx for a delivery sent then, 2xx again soon after the promotion, and in the end
 * every delivery 2xx and the new primary's table equal to the model: nothing answered is lost,
 * no deleted user comes back. Prints its figures (docs/fault-suites.md). Settings as system
 * properties {@code failover.events}, {@code failover.rate}, {@code failover.seed}.
 */
class FailoverFaultIT {

    private static final Path WAR = Path.of("target/clerk-sync.war");
    private static final Path WORK = Path.of("target/failover");
    // Longer than the pool's connection timeout (5 s): requests that wait for a connection while
    // there is no primary must end 503 too, not only those whose connection broke with the primary.
    private static final Duration NO_PRIMARY = Duration.ofSeconds(6);
    private static final Duration SEND_DEADLINE = Duration.ofSeconds(90);
    // When pgjdbc knows no host to be a primary it tries them all again, so the promoted standby is
    // found at the next connection attempt; the pool tries for up to 5 s. The rest is slack for a busy CI.
    private static final Duration CONVERGE_WITHIN = Duration.ofSeconds(15);

    private Node node;
    private ReplicatedPostgres postgres;
    private volatile String phase = "1 steady";

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void nothingAnsweredIsLostNorResurrectedAndNoPrimaryMeans503WhenTheStandbyTakesOver() throws Exception {
        int events = Integer.getInteger("failover.events", 1500);
        double rate = Double.parseDouble(System.getProperty("failover.rate", "100"));
        long seed = Long.getLong("failover.seed", System.nanoTime());
        FaultPlan plan = FaultPlan.create(seed, events, 6, 2, 30, 500, 40);
        System.out.printf(Locale.ROOT, "FAILOVER plan (seed %d): %s; sent at %.0f/s by 8 workers%n", seed, plan,
                rate);

        Class.forName("org.postgresql.Driver");
        long setupStarted = System.nanoTime();
        postgres = ReplicatedPostgres.start(WORK.resolve("pg"));
        long postgresUp = System.nanoTime();
        String url = postgres.multiHostUrl("targetServerType=primary");
        String secret = SigningSecrets.newSecret();
        node = Node.prepare(NodeAndDatabaseFaultIT.tomcat10(), WAR, "failover", "node", Map.of(
                "DATABASE_URL", url,
                "DATABASE_USER", ReplicatedPostgres.USER,
                "CLERK_WEBHOOK_SIGNING_SECRET", secret,
                "CLERK_SYNC_ROLES", MixedEvents.ROLES,
                "CLERK_SYNC_DEFAULT_ROLE", MixedEvents.DEFAULT_ROLE), "256m");
        node.start();
        System.out.printf(Locale.ROOT, "FAILOVER primary and synchronous standby up in %.1f s, the node in %.1f s;"
                + " DATABASE_URL=%s%n", seconds(postgresUp - setupStarted), seconds(System.nanoTime() - postgresUp), url);

        SvixSender sender = new SvixSender(List.of(node.webhookUri()), new Webhook(secret), 8, rate, () -> phase);
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
        while (sender.started() < plan.size() * 30 / 100 && !sending.isDone()) {
            Thread.sleep(20);
        }
        phase = "2 no primary";
        mark(timeline, sendStarted, "primary killed (pg_ctl stop -m immediate)");
        postgres.killPrimary();
        // Taken once the primary is gone: an attempt that started while pg_ctl was still stopping it
        // may have committed there, and rightly got 200.
        long killed = System.nanoTime();
        Thread.sleep(NO_PRIMARY.toMillis());
        mark(timeline, sendStarted, "pg_ctl promote the standby");
        long promoted = System.nanoTime();
        postgres.promoteStandby();
        phase = "3 promoted";
        mark(timeline, sendStarted, "standby promoted (out of recovery)");
        AtomicReferenceArray<Integer> statuses = sending.join();

        Answers answers = new Answers(sender.attempts, killed, promoted);
        printFigures(plan, sender, timeline, answers, sendStarted, killed, promoted);

        assertEquals(Map.of(), answers.otherThan200Or503, "answers other than 200 and 503 (status 0: none)");
        assertTrue(answers.during503 > 0, "no 503 while there was no primary");
        assertEquals(0, answers.during2xx, "2xx for deliveries sent while there was no primary");
        assertTrue(answers.firstAfterPromotion > 0, "no 2xx after the promotion");
        assertTrue(answers.firstAfterPromotion - promoted < CONVERGE_WITHIN.toNanos(),
                "first 2xx " + millis(answers.firstAfterPromotion - promoted) + " ms after the promotion");
        assertEquals(0, sender.gaveUp(), "deliveries never answered 2xx within " + SEND_DEADLINE);
        for (int i = 0; i < statuses.length(); i++) {
            assertEquals(Integer.valueOf(200), statuses.get(i), "final answer to " + plan.deliveries.get(i).svixId());
        }
        try (Connection connection = postgres.connect(postgres.standbyPort())) {
            TableAgainstModel.assertEqual(connection, plan.deliveries);
        }
    }

    /** The sender's attempts, sorted by when they started and ended relative to the kill and the promotion. */
    private static final class Answers {
        final Map<Integer, Integer> byStatus = new TreeMap<>();
        final Map<Integer, Integer> otherThan200Or503 = new TreeMap<>();
        /**
         * Attempts answered 503 between the kill and the promotion; attempts both started and answered
         * then, yet 2xx (an attempt already under way when the primary died may wait out the pool's
         * 5 s and so end in the window, and one that committed just before the kill rightly gets 200).
         */
        int during503;
        int during2xx;
        /** When the first 2xx of an attempt started after the kill ended; 0 when none did. */
        long firstAfterKill;
        /** When the first 2xx of an attempt started after the promotion ended; 0 when none did. */
        long firstAfterPromotion;
        long first503;
        long last503;

        Answers(Iterable<SvixSender.Attempt> attempts, long killed, long promoted) {
            for (SvixSender.Attempt attempt : attempts) {
                int status = attempt.status();
                byStatus.merge(status, 1, Integer::sum);
                if (status != 200 && status != 503) {
                    otherThan200Or503.merge(status, 1, Integer::sum);
                }
                boolean ok = status >= 200 && status < 300;
                boolean answeredWithoutPrimary = attempt.endedNanos() > killed && attempt.endedNanos() < promoted;
                during503 += answeredWithoutPrimary && status == 503 ? 1 : 0;
                during2xx += answeredWithoutPrimary && attempt.startedNanos() > killed && ok ? 1 : 0;
                if (ok && attempt.startedNanos() > killed) {
                    firstAfterKill = earliest(firstAfterKill, attempt.endedNanos());
                }
                if (ok && attempt.startedNanos() > promoted) {
                    firstAfterPromotion = earliest(firstAfterPromotion, attempt.endedNanos());
                }
                if (status == 503) {
                    first503 = earliest(first503, attempt.endedNanos());
                    last503 = Math.max(last503, attempt.endedNanos());
                }
            }
        }

        private static long earliest(long current, long candidate) {
            return current == 0 ? candidate : Math.min(current, candidate);
        }
    }

    private static void printFigures(FaultPlan plan, SvixSender sender, List<String> timeline, Answers answers,
            long started, long killed, long promoted) {
        System.out.println();
        System.out.println("=== failover suite: 1 stock Tomcat node, PostgreSQL 15 primary + synchronous standby ===");
        timeline.forEach(line -> System.out.println("  " + line));
        sender.printPhases();
        System.out.printf(Locale.ROOT, "deliveries %d, attempts %d by status %s%n", plan.size(),
                answers.byStatus.values().stream().mapToInt(Integer::intValue).sum(), answers.byStatus);
        System.out.printf(Locale.ROOT, "while there was no primary: %d answered 503, %d 2xx; 503s answered from"
                + " %+d ms to %+d ms after the kill%n", answers.during503, answers.during2xx,
                millis(answers.first503 - killed), millis(answers.last503 - killed));
        System.out.printf(Locale.ROOT, "outage as the sender saw it: %d ms (kill to the first 2xx sent after it;"
                + " no primary for %d ms)%n", millis(answers.firstAfterKill - killed), millis(promoted - killed));
        System.out.printf(Locale.ROOT, "time to converge: first 2xx %d ms after the promotion, every delivery 2xx"
                + " %.1f s after it (whole run %.1f s)%n", millis(answers.firstAfterPromotion - promoted),
                seconds(sender.lastAcknowledgedNanos() - promoted), seconds(sender.lastAcknowledgedNanos() - started));
    }

    private static void mark(List<String> timeline, long started, String what) {
        String line = String.format(Locale.ROOT, "%7.1f s  %s", seconds(System.nanoTime() - started), what);
        timeline.add(line);
        System.out.println("FAILOVER " + line);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
