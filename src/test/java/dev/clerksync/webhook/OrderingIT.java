package dev.clerksync.webhook;

import static dev.clerksync.support.ClerkEvents.newUserId;
import static dev.clerksync.support.ClerkEvents.userCreated;
import static dev.clerksync.support.ClerkEvents.userDeleted;
import static dev.clerksync.support.ClerkEvents.userUpdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.support.TestDatabase;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks;
import dev.clerksync.support.Webhooks.Answer;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Svix delivers in no guaranteed order: Clerk's updated_at and the tombstones decide, not arrival. */
@ExtendWith(ArquillianExtension.class)
class OrderingIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestEnvironment.war();
    }

    @ArquillianResource
    private URL base;

    private Webhooks webhooks;
    private String userId;

    @BeforeEach
    void client() {
        webhooks = new Webhooks(base);
        userId = newUserId();
    }

    @Test
    void updateArrivingBeforeCreateIsAppliedAndTheLateCreateIsStale() {
        assertEquals("applied", post(userUpdated(userId).name("Ada", "Updated").updatedAt(2_000).json()));

        assertEquals("stale", post(userCreated(userId).name("Ada", "Created").updatedAt(1_000).json()));

        assertEquals("Updated", db().user(userId).orElseThrow().get("last_name"));
    }

    @Test
    void newerUpdateWinsWhicheverArrivesFirst() {
        post(userCreated(userId).updatedAt(1_000).json());
        post(userUpdated(userId).name("Ada", "Third").updatedAt(3_000).json());

        assertEquals("stale", post(userUpdated(userId).name("Ada", "Second").updatedAt(2_000).json()));

        assertEquals("Third", db().user(userId).orElseThrow().get("last_name"));
    }

    @Test
    void lateUpdateAfterDeleteDoesNotResurrectTheUser() {
        post(userCreated(userId).updatedAt(1_000).json());
        post(userDeleted(userId, 5_000_000_000_000L));

        assertEquals("stale", post(userUpdated(userId).updatedAt(2_000).json()));
        assertEquals("stale", post(userCreated(userId).updatedAt(1_000).json()));

        assertTrue(db().user(userId).isEmpty());
    }

    @Test
    void deleteArrivingBeforeCreateKeepsTheUserAway() {
        post(userDeleted(userId, 5_000_000_000_000L));

        assertEquals("stale", post(userCreated(userId).updatedAt(1_000).json()));

        assertTrue(db().user(userId).isEmpty());
    }

    @Test
    void tombstoneInSecondsCoversTheWholeSecondOfTheDeletion() {
        long deletedAtSeconds = 1_716_883_200L;
        post(userDeleted(userId, deletedAtSeconds));

        String updateInThatSecond = userUpdated(userId).updatedAt(deletedAtSeconds * 1000 + 500).json();

        assertEquals("stale", post(updateInThatSecond));
        assertTrue(db().user(userId).isEmpty());
    }

    @Test
    void versionNewerThanTheTombstoneIsApplied() {
        post(userDeleted(userId, 1_000_000_000_000L));

        assertEquals("applied", post(userCreated(userId).updatedAt(1_000_000_000_001L).json()));

        assertTrue(db().user(userId).isPresent());
    }

    @Test
    void sameVersionAgainUnderAnotherSvixIdIsAppliedIdempotently() {
        String body = userUpdated(userId).name("Ada", "Same").updatedAt(2_000).json();
        post(body);

        assertEquals("applied", post(body));

        assertEquals("Same", db().user(userId).orElseThrow().get("last_name"));
        assertEquals(1, db().count("select count(*) from users where id = ?", userId));
    }

    private String post(String body) {
        Answer answer = webhooks.delivery(body).post();
        assertEquals(200, answer.status(), answer.toString());
        return answer.outcome();
    }

    private static TestDatabase db() {
        return TestEnvironment.database();
    }
}
