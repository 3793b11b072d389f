package dev.clerksync.persistence;

import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static dev.clerksync.fixtures.ClerkEvents.userUpdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.support.DeployedWar;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks.Delivery;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A delivery that waits on a lock held by something else (an open admin transaction, a migration)
 * is answered 503 with Retry-After after {@code CLERK_SYNC_DB_LOCK_TIMEOUT_MS} (2 s here), well
 * inside the 15 s Svix waits for an answer; it commits nothing, and deliveries for other users go
 * on meanwhile. Once the lock is released the same delivery applies.
 */
class LockTimeoutIT extends DeployedWar {

    // Svix's wait for an answer; the lock timeout is 2 s, so 8 s leaves room for a loaded machine.
    private static final long WELL_INSIDE_SVIX_WAIT_MS = 8_000;

    @Test
    void deliveryBehindAHeldRowLockIs503AndOtherUsersFlowMeanwhile() throws Exception {
        String userId = createdUser();
        Connection holder = holdingLock("select 1 from users where id = ? for update", userId);
        try {
            CompletableFuture<Timed> blocked = CompletableFuture.supplyAsync(() -> Timed.post(update(userId, 2_000)));
            Thread.sleep(300);
            Timed other = Timed.post(webhooks().delivery(userCreated(newUserId()).updatedAt(1_000).json()));
            Timed answer = blocked.get(15, TimeUnit.SECONDS);

            assertEquals(200, other.answer.status(), "another user's delivery meanwhile: " + other.answer);
            assertTrue(other.endedNanos < answer.endedNanos, "the other user's delivery did not wait for the lock");
            assertRetryableAndQuick(answer);
        } finally {
            holder.close();
        }
    }

    @Test
    void deliveryBehindAHeldAdvisoryLockIs503() throws Exception {
        String userId = createdUser();
        Connection holder = holdingLock("select pg_advisory_xact_lock(hashtextextended(?, 0))", userId);
        try {
            assertRetryableAndQuick(Timed.post(update(userId, 2_000)));
        } finally {
            holder.close();
        }
    }

    @Test
    void deliveryBehindAMigrationsTableLockIs503AndAppliesOnceItEnds() throws Exception {
        String userId = createdUser();
        Delivery delivery = update(userId, 2_000);
        Connection migration = holdingLock("lock table users in access exclusive mode", null);
        try {
            assertRetryableAndQuick(Timed.post(delivery));
        } finally {
            migration.close();
        }
        assertEquals(0, db().count("select count(*) from webhook_events where svix_id = ?", delivery.id()),
                "the refused delivery committed nothing");

        Answer retry = delivery.post();

        assertEquals(200, retry.status(), retry.toString());
        assertEquals("applied", retry.outcome());
    }

    private String createdUser() {
        String userId = newUserId();
        deliver(userCreated(userId).updatedAt(1_000).json());
        return userId;
    }

    private Delivery update(String userId, long updatedAt) {
        return webhooks().delivery(userUpdated(userId).updatedAt(updatedAt).json());
    }

    private static void assertRetryableAndQuick(Timed timed) {
        assertEquals(503, timed.answer.status(), timed.answer.toString());
        assertEquals("application/problem+json", timed.answer.contentType().split(";")[0]);
        assertNotNull(timed.answer.retryAfter(), "Retry-After");
        assertTrue(timed.millis() < WELL_INSIDE_SVIX_WAIT_MS, "answered after " + timed.millis() + " ms");
    }

    /** A transaction of another client, left open with the lock its statement took; closing ends both. */
    private static Connection holdingLock(String sql, String userId) throws SQLException {
        Connection connection = DriverManager.getConnection(db().directUrl(), db().user(), db().password());
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement(sql)) {
            if (userId != null) {
                lock.setString(1, userId);
            }
            lock.execute();
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private record Timed(Answer answer, long startedNanos, long endedNanos) {
        static Timed post(Delivery delivery) {
            long started = System.nanoTime();
            Answer answer = delivery.post();
            return new Timed(answer, started, System.nanoTime());
        }

        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(endedNanos - startedNanos);
        }
    }
}
