package dev.clerksync.webhook;

import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static dev.clerksync.fixtures.ClerkEvents.userDeleted;
import static dev.clerksync.fixtures.ClerkEvents.userUpdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.support.DeployedWar;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Svix delivers in no guaranteed order: Clerk's updated_at and the tombstones decide, not arrival. */
class OrderingIT extends DeployedWar {

    private String userId;

    @BeforeEach
    void aFreshUser() {
        userId = newUserId();
    }

    @Test
    void updateArrivingBeforeCreateIsAppliedAndTheLateCreateIsStale() {
        assertEquals("applied", deliver(userUpdated(userId).name("Ada", "Updated").updatedAt(2_000).json()));

        assertEquals("stale", deliver(userCreated(userId).name("Ada", "Created").updatedAt(1_000).json()));

        assertEquals("Updated", db().user(userId).orElseThrow().get("last_name"));
    }

    @Test
    void newerUpdateWinsWhicheverArrivesFirst() {
        deliver(userCreated(userId).updatedAt(1_000).json());
        deliver(userUpdated(userId).name("Ada", "Third").updatedAt(3_000).json());

        assertEquals("stale", deliver(userUpdated(userId).name("Ada", "Second").updatedAt(2_000).json()));

        assertEquals("Third", db().user(userId).orElseThrow().get("last_name"));
    }

    @Test
    void lateUpdateAfterDeleteDoesNotResurrectTheUser() {
        deliver(userCreated(userId).updatedAt(1_000).json());
        deliver(userDeleted(userId, 5_000_000_000_000L));

        assertEquals("stale", deliver(userUpdated(userId).updatedAt(2_000).json()));
        assertEquals("stale", deliver(userCreated(userId).updatedAt(1_000).json()));

        assertTrue(db().user(userId).isEmpty());
    }

    @Test
    void deleteArrivingBeforeCreateKeepsTheUserAway() {
        deliver(userDeleted(userId, 5_000_000_000_000L));

        assertEquals("stale", deliver(userCreated(userId).updatedAt(1_000).json()));

        assertTrue(db().user(userId).isEmpty());
    }

    @Test
    void tombstoneInSecondsCoversTheWholeSecondOfTheDeletion() {
        long deletedAtSeconds = 1_716_883_200L;
        deliver(userDeleted(userId, deletedAtSeconds));

        String updateInThatSecond = userUpdated(userId).updatedAt(deletedAtSeconds * 1000 + 500).json();

        assertEquals("stale", deliver(updateInThatSecond));
        assertTrue(db().user(userId).isEmpty());
    }

    @Test
    void versionNewerThanTheTombstoneIsApplied() {
        deliver(userDeleted(userId, 1_000_000_000_000L));

        assertEquals("applied", deliver(userCreated(userId).updatedAt(1_000_000_000_001L).json()));

        assertTrue(db().user(userId).isPresent());
    }

    @Test
    void sameVersionAgainUnderAnotherSvixIdIsAppliedIdempotently() {
        String body = userUpdated(userId).name("Ada", "Same").updatedAt(2_000).json();
        deliver(body);

        assertEquals("applied", deliver(body));

        assertEquals("Same", db().user(userId).orElseThrow().get("last_name"));
        assertEquals(1, db().count("select count(*) from users where id = ?", userId));
    }

}
