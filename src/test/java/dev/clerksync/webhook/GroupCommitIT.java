package dev.clerksync.webhook;

import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static dev.clerksync.fixtures.ClerkEvents.userDeleted;
import static dev.clerksync.fixtures.ClerkEvents.userUpdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.support.CapturedLogs;
import dev.clerksync.support.DeployedWar;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks.Delivery;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What group commit could break. Each test makes every writing thread wait on a user lock that the test
 * holds, posts the deliveries under test meanwhile (they queue up and form the next batch, in the
 * order posted), then lets the writers go.
 */
class GroupCommitIT extends DeployedWar {

    private static final long VERSION = 1_700_000_000_000L;
    private static final String REFUSED_NAME = "Refused-by-a-check-constraint";

    private final ExecutorService senders = Executors.newCachedThreadPool();
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @AfterEach
    void stop() {
        senders.shutdownNow();
        db().execute("drop trigger if exists kill_at_commit on webhook_events");
        db().execute("drop function if exists kill_own_connection()");
    }

    @Test
    void eventsForOneUserInOneBatchApplyInArrivalOrder() throws Exception {
        String user = newUserId();
        List<Delivery> deliveries = List.of(
                delivery(userCreated(user).name("First", "Version").updatedAt(VERSION).json()),
                delivery(userUpdated(user).name("Second", "Version").updatedAt(VERSION + 1_000).json()),
                delivery(userDeleted(user, VERSION + 3_000)),
                delivery(userUpdated(user).name("Late", "Version").updatedAt(VERSION + 2_000).json()));

        List<Answer> answers = postInOneBatch(deliveries);

        assertEquals(List.of("applied", "applied", "applied", "stale"), answers.stream().map(Answer::outcome).toList());
        assertTrue(db().user(user).isEmpty(), "deleted in arrival order, not brought back by the late update");
        assertEquals(1, db().count("select count(*) from user_tombstones where user_id = ?", user));
        for (Delivery delivery : deliveries) {
            assertTrue(logs.lines().stream().anyMatch(line -> line.contains(delivery.id()) && line.contains(" batch=4 ")),
                    "all four committed in one batch: " + logs.lines());
        }
    }

    @Test
    void eventRefusedByTheDatabaseFailsAloneAndItsBatchMatesAreApplied() throws Exception {
        String good1 = newUserId();
        String bad = newUserId();
        String good2 = newUserId();
        List<Delivery> deliveries = List.of(
                delivery(userCreated(good1).updatedAt(VERSION).json()),
                delivery(userCreated(bad).name("Ada", REFUSED_NAME).updatedAt(VERSION).json()),
                delivery(userCreated(good2).updatedAt(VERSION).json()));
        // Parsing refuses what PostgreSQL cannot store that we know of; a constraint stands in for the rest.
        db().execute("alter table users add constraint refuse_for_test check (last_name is distinct from '"
                + REFUSED_NAME + "')");
        List<Answer> answers;
        try {
            answers = postInOneBatch(deliveries);
        } finally {
            db().execute("alter table users drop constraint refuse_for_test");
        }

        assertEquals(List.of(200, 400, 200), answers.stream().map(Answer::status).toList(), answers.toString());
        assertFalse(answers.get(1).body().contains("refuse_for_test"), "PostgreSQL's words stay out of the answer");
        assertTrue(db().user(good1).isPresent());
        assertTrue(db().user(good2).isPresent());
        assertTrue(db().user(bad).isEmpty(), "nothing of the refused event is written");
        assertEquals(1, db().count("select count(*) from webhook_events where svix_id = ? and outcome = 'failed'"
                + " and payload is not null and error like '%SQLState 23514%'", deliveries.get(1).id()));
    }

    @Test
    void connectionLostAtCommitAnswersTheWholeBatch503AndCommitsNothingThenRetriesApply() throws Exception {
        String marker = "user_killatcommit" + UUID.randomUUID().toString().replace("-", "");
        List<String> users = List.of(marker + "a", marker + "b", marker + "c");
        List<String> bodies = users.stream().map(id -> userCreated(id).updatedAt(VERSION).json()).toList();
        List<Delivery> deliveries = bodies.stream().map(this::delivery).toList();
        // At commit, after every statement of the batch went through, the backend kills itself.
        db().execute("""
                create function kill_own_connection() returns trigger language plpgsql as $$
                begin perform pg_terminate_backend(pg_backend_pid()); return null; end $$""");
        db().execute("create constraint trigger kill_at_commit after insert on webhook_events"
                + " deferrable initially deferred for each row when (new.user_id like '" + marker + "%')"
                + " execute function kill_own_connection()");

        List<Answer> answers = postInOneBatch(deliveries);

        assertEquals(List.of(503, 503, 503), answers.stream().map(Answer::status).toList(), answers.toString());
        assertEquals(0, db().count("select count(*) from users where id like ?", marker + "%"));
        assertEquals(0, db().count("select count(*) from webhook_events where user_id like ?", marker + "%"));

        db().execute("drop trigger kill_at_commit on webhook_events");
        for (int i = 0; i < deliveries.size(); i++) {
            Answer retry = webhooks().delivery(bodies.get(i)).id(deliveries.get(i).id()).post();
            assertEquals("applied", retry.outcome(), retry.toString());
        }
        assertEquals(3, db().count("select count(*) from users where id like ?", marker + "%"));
    }

    private Delivery delivery(String body) {
        return webhooks().delivery(body);
    }

    /**
     * Holds the locks of fresh users while their creations are posted, one per writing thread, so
     * every thread that could write a delivery waits; posts the deliveries in order meanwhile; then releases the locks and answers
     * what each delivery got.
     */
    private List<Answer> postInOneBatch(List<Delivery> deliveries) throws Exception {
        List<CompletableFuture<Answer>> blocked = new ArrayList<>();
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        try (Connection locks = DriverManager.getConnection(db().directUrl(), db().user(), db().password())) {
            // The first delivery is written on its own request thread, the next ones by the writers.
            for (int writer = 1; writer <= TestEnvironment.WEBHOOK_WRITERS + 1; writer++) {
                String blocker = newUserId();
                try (PreparedStatement take = locks.prepareStatement("select pg_advisory_lock(hashtextextended(?, 0))")) {
                    take.setString(1, blocker);
                    take.execute();
                }
                blocked.add(post(delivery(userCreated(blocker).updatedAt(VERSION).json())));
                awaitWritersWaitingOnLocks(writer);
            }
            for (Delivery delivery : deliveries) {
                answers.add(post(delivery));
                // Posted one after another, so they queue in this order.
                Thread.sleep(50);
            }
            Thread.sleep(300);
        }
        for (CompletableFuture<Answer> answer : blocked) {
            assertEquals(200, answer.get(30, TimeUnit.SECONDS).status());
        }
        List<Answer> results = new ArrayList<>();
        for (CompletableFuture<Answer> answer : answers) {
            results.add(answer.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    private CompletableFuture<Answer> post(Delivery delivery) {
        return CompletableFuture.supplyAsync(delivery::post, senders);
    }

    private static void awaitWritersWaitingOnLocks(int writers) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (db().count("select count(*) from pg_locks where locktype = 'advisory' and not granted") >= writers) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(writers + " writers never all waited on the held locks");
    }
}
