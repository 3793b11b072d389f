package dev.clerksync.organizations;

import static dev.clerksync.fixtures.ClerkEvents.membershipCreated;
import static dev.clerksync.fixtures.ClerkEvents.membershipDeleted;
import static dev.clerksync.fixtures.ClerkEvents.membershipUpdated;
import static dev.clerksync.fixtures.ClerkEvents.newMembershipId;
import static dev.clerksync.fixtures.ClerkEvents.newOrganizationId;
import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.organizationCreated;
import static dev.clerksync.fixtures.ClerkEvents.organizationDeleted;
import static dev.clerksync.fixtures.ClerkEvents.organizationUpdated;
import static dev.clerksync.fixtures.ClerkEvents.userDeleted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkEvents.MembershipEvent;
import dev.clerksync.support.TestDatabase;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks.Delivery;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
 * Organizations and memberships delivered at least once, in any order, to two nodes at once:
 * about 2 000 events (every version of 40 organizations and their 480 memberships, deletions of
 * organizations, memberships and users) and a fifth of them again, shuffled, from 16 threads. The
 * tables must end up holding exactly the newest state of each object, as a model of the events
 * says, and every answer must be 200. Users belong to several organizations, so batches on the
 * two nodes take overlapping locks of both kinds.
 */
@ExtendWith(ArquillianExtension.class)
class ConcurrentOrganizationDeliveriesIT {

    private static final int ORGANIZATIONS = 40;
    private static final int MEMBERS = 12;
    private static final int USERS = 240;
    private static final int VERSIONS = 4;
    private static final int THREADS = 16;
    private static final double DUPLICATE_SHARE = 0.2;
    private static final long LATER = 5_000_000_000_000L;
    private static final String[] ROLES = {"org:member", "org:admin"};

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
    void shuffledDuplicatedDeliveriesOnTwoNodesLeaveTheNewestStateOfEachObject() throws Exception {
        Random random = new Random(7);
        List<Webhooks> nodes = List.of(new Webhooks(nodeA), new Webhooks(nodeB));
        List<String> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(newUserId());
        }
        Set<String> deletedUsers = new HashSet<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < USERS; i += 11) {
            bodies.add(userDeleted(users.get(i), LATER));
            deletedUsers.add(users.get(i));
        }
        Map<String, String> expectedOrganizations = new HashMap<>();
        Map<String, String> expectedMemberships = new HashMap<>();
        List<String> organizations = new ArrayList<>();
        for (int o = 0; o < ORGANIZATIONS; o++) {
            String organization = newOrganizationId();
            organizations.add(organization);
            for (int version = 1; version <= VERSIONS; version++) {
                bodies.add((version == 1 ? organizationCreated(organization) : organizationUpdated(organization))
                        .name("V" + version).updatedAt(version * 1000L).json());
            }
            boolean organizationDeleted = o % 5 == 0;
            if (organizationDeleted) {
                bodies.add(organizationDeleted(organization, LATER));
            } else {
                expectedOrganizations.put(organization, "V" + VERSIONS);
            }
            for (int k = 0; k < MEMBERS; k++) {
                String user = users.get((o * 7 + k) % USERS);
                String membership = newMembershipId();
                for (int version = 1; version <= VERSIONS; version++) {
                    bodies.add(membershipVersion(membership, organization, user, version).json());
                }
                boolean membershipDeleted = k % 5 == 3;
                if (membershipDeleted) {
                    // Clerk does not advance updated_at on deletion: the envelope's time is later.
                    bodies.add(membershipDeleted(membership, organization, user).updatedAt(VERSIONS * 1000L)
                            .timestamp(VERSIONS * 1000L + 500).json());
                }
                if (!organizationDeleted && !membershipDeleted && !deletedUsers.contains(user)) {
                    expectedMemberships.put(membership, ROLES[VERSIONS % 2]);
                }
            }
        }
        List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            deliveries.add(nodes.get(i % 2).delivery(bodies.get(i)));
        }
        List<Delivery> all = new ArrayList<>(deliveries);
        for (Delivery delivery : deliveries) {
            if (random.nextDouble() < DUPLICATE_SHARE) {
                all.add(delivery.copyTo(nodes.get(random.nextInt(2))));
            }
        }
        Collections.shuffle(all, random);
        long deadlocksBefore = deadlocks();

        List<Answer> answers = postConcurrently(all);

        for (Answer answer : answers) {
            assertEquals(200, answer.status(), answer.toString());
        }
        assertTrue(bodies.size() >= 2_000, "events: " + bodies.size());
        Object[] organizationIds = organizations.toArray(String[]::new);
        assertEquals(expectedOrganizations, pairs(
                "select id, name from organizations where id = any(?)", organizationIds));
        assertEquals(expectedMemberships, pairs(
                "select id, role from organization_memberships where organization_id = any(?)", organizationIds));
        assertEquals(deadlocksBefore, deadlocks(), "PostgreSQL detected a deadlock between the nodes' batches");
    }

    private static MembershipEvent membershipVersion(String membership, String organization, String user,
            int version) {
        MembershipEvent event = version == 1 ? membershipCreated(membership, organization, user)
                : membershipUpdated(membership, organization, user);
        // The embedded organization is its first version: never newer than the organization's own events.
        return event.role(ROLES[version % 2]).updatedAt(version * 1000L).organizationName("V1")
                .organizationUpdatedAt(1000L);
    }

    private static Map<String, String> pairs(String sql, Object ids) {
        Map<String, String> found = new HashMap<>();
        for (Map<String, Object> row : db().query(sql, ids)) {
            List<Object> values = new ArrayList<>(row.values());
            found.put(values.get(0).toString(), values.get(1).toString());
        }
        return found;
    }

    /** Deadlocks PostgreSQL has detected in this database; backends report them within a second or so. */
    private static long deadlocks() throws InterruptedException {
        Thread.sleep(2_000);
        return db().count("select deadlocks from pg_stat_database where datname = current_database()");
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

    private static TestDatabase db() {
        return TestEnvironment.database();
    }
}
