package dev.clerksync.users;

import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static dev.clerksync.fixtures.ClerkEvents.userDeleted;
import static dev.clerksync.fixtures.ClerkEvents.userUpdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkEvents.UserEvent;
import dev.clerksync.support.TestDatabase;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks.Delivery;
import dev.clerksync.support.Webhooks;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * At-least-once, any-order delivery under load: every user's versions, some deletions and about
 * 30 % repeated deliveries, shuffled and posted from 16 threads. The table must end up holding
 * each user's newest state, once, and every answer must be 2xx. Users come in pairs that swap
 * emails and share an email local part, so deliveries race for emails and usernames too. The WAR
 * is deployed twice, as two nodes with their own pools on one database, and deliveries alternate
 * between them.
 */
@ExtendWith(ArquillianExtension.class)
class ConcurrentDeliveriesIT {

    private static final int PAIRS = 24;
    private static final int THREADS = 16;
    private static final double DUPLICATE_SHARE = 0.3;

    @Deployment(name = "node-a", testable = false)
    static WebArchive nodeA() {
        return TestEnvironment.war();
    }

    @Deployment(name = "node-b", testable = false)
    static WebArchive nodeB() {
        return TestEnvironment.war("clerk-sync-b.war");
    }

    @ArquillianResource
    @OperateOnDeployment("node-a")
    private URL nodeA;

    @ArquillianResource
    @OperateOnDeployment("node-b")
    private URL nodeB;

    @Test
    void shuffledDuplicatedConcurrentDeliveriesLeaveEachUsersNewestState() throws Exception {
        Random random = new Random(42);
        List<Webhooks> nodes = List.of(new Webhooks(nodeA), new Webhooks(nodeB));
        String run = UUID.randomUUID().toString().substring(0, 6);
        Map<String, Expected> expected = new HashMap<>();
        List<Delivery> deliveries = new ArrayList<>();
        for (int pair = 0; pair < PAIRS; pair++) {
            String a = newUserId();
            String b = newUserId();
            int versions = 3 + random.nextInt(6);
            for (int version = 1; version <= versions; version++) {
                // A and B hold opposite emails at every version, so out-of-order deliveries collide.
                String left = "p" + run + pair + "@" + (version % 2 == 0 ? "a" : "b") + ".example";
                String right = "p" + run + pair + "@" + (version % 2 == 0 ? "b" : "a") + ".example";
                deliveries.add(nodes.get(version % 2).delivery(version(a, version, left).json()));
                deliveries.add(nodes.get(pair % 2).delivery(version(b, version, right).json()));
                expected.put(a, new Expected(left, "V" + version, version * 1000L, false));
                expected.put(b, new Expected(right, "V" + version, version * 1000L, false));
            }
            if (pair % 4 == 0) {
                deliveries.add(nodes.get(pair % 2).delivery(userDeleted(a, 1_000_000_000_000L)));
                expected.put(a, new Expected(null, null, 0, true));
            }
        }
        List<Delivery> all = new ArrayList<>(deliveries);
        for (Delivery delivery : deliveries) {
            if (random.nextDouble() < DUPLICATE_SHARE) {
                all.add(delivery.copyTo(nodes.get(random.nextInt(2))));
            }
        }
        Collections.shuffle(all, random);

        List<Answer> answers = postConcurrently(all);

        for (Answer answer : answers) {
            assertTrue(answer.status() >= 200 && answer.status() < 300, answer.toString());
        }
        assertTrue(answers.stream().anyMatch(a -> a.outcome().equals("duplicate")));
        for (Map.Entry<String, Expected> entry : expected.entrySet()) {
            assertNewestState(entry.getKey(), entry.getValue());
        }
        long processed = db().count("select count(*) from webhook_events where svix_id = any(?)",
                (Object) deliveries.stream().map(Delivery::id).toArray(String[]::new));
        assertEquals(deliveries.size(), processed, "one record per svix-id");
        assertEquals(0, db().count(
                "select count(*) from (select lower(username) from users group by 1 having count(*) > 1) d"));
    }

    @Test
    void batchesTakingTheSameUsersInOppositeOrdersOnTwoNodesNeverDeadlock() throws Exception {
        Webhooks a = new Webhooks(nodeA);
        Webhooks b = new Webhooks(nodeB);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String userId = newUserId();
            users.add(userId);
            assertEquals(200, a.delivery(userCreated(userId).updatedAt(1_000).json()).post().status());
        }
        long deadlocksBefore = deadlocks();
        List<Delivery> deliveries = new ArrayList<>();
        for (int round = 1; round <= 10; round++) {
            for (int i = 0; i < users.size(); i++) {
                // Node A walks the users up, node B down, so their batches meet in opposite orders.
                deliveries.add(a.delivery(updated(users.get(i), 2 * round)));
                deliveries.add(b.delivery(updated(users.get(users.size() - 1 - i), 2 * round + 1)));
            }
        }

        List<Answer> answers = postConcurrently(deliveries);

        for (Answer answer : answers) {
            assertEquals(200, answer.status(), answer.toString());
        }
        for (String userId : users) {
            assertEquals(1, db().count("select count(*) from users where id = ? and last_name = 'V21'", userId));
        }
        assertEquals(deadlocksBefore, deadlocks(), "PostgreSQL detected a deadlock between the nodes' batches");
    }

    private static String updated(String userId, int version) {
        return userUpdated(userId).name("Pat", "V" + version).updatedAt(version * 1000L).json();
    }

    /** Deadlocks PostgreSQL has detected in this database; backends report them within a second or so. */
    private static long deadlocks() throws InterruptedException {
        Thread.sleep(2_000);
        return db().count("select deadlocks from pg_stat_database where datname = current_database()");
    }

    private static UserEvent version(String userId, int version, String email) {
        UserEvent event = version == 1 ? userCreated(userId) : userUpdated(userId);
        return event.email(email).name("Pat", "V" + version).updatedAt(version * 1000L);
    }

    private static List<Answer> postConcurrently(List<Delivery> deliveries) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (Delivery delivery : deliveries) {
                futures.add(pool.submit(delivery::post));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertNewestState(String userId, Expected expected) {
        assertEquals(expected.deleted() ? 0 : 1, db().count("select count(*) from users where id = ?", userId));
        if (expected.deleted()) {
            return;
        }
        Map<String, Object> row = db().user(userId).orElseThrow();
        assertEquals(expected.email(), row.get("email"), userId);
        assertEquals(expected.lastName(), row.get("last_name"), userId);
        assertEquals(1, db().count("select count(*) from users where id = ? and clerk_updated_at = to_timestamp(?)",
                userId, expected.updatedAt() / 1000.0));
        String localPart = expected.email().substring(0, expected.email().indexOf('@'));
        assertTrue(row.get("username").toString().matches(localPart + "[0-9]*"), row.toString());
    }

    private record Expected(String email, String lastName, long updatedAt, boolean deleted) {
    }

    private static TestDatabase db() {
        return TestEnvironment.database();
    }
}
