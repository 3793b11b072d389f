package dev.clerksync.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.clerk.ClerkApiException;
import dev.clerksync.clerk.ClerkClient;
import dev.clerksync.config.Settings;
import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.users.ClerkUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Walking Clerk's user list against the Backend API stand-in: the wire format, the cursor, the waits. */
class ClerkUserPagesTest {

    private static final int PAGE = 3;

    private static ClerkBackendStandIn clerk;
    private static ClerkClient client;

    private final List<Duration> slept = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void standIn() {
        clerk = new ClerkBackendStandIn();
        client = new ClerkClient(new Settings.ClerkApi(ClerkBackendStandIn.SECRET_KEY, clerk.baseUrl(),
                Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        clerk.close();
    }

    @BeforeEach
    void sevenUsers() {
        clerk.reset();
        clerk.removeAllUsers();
        for (int i = 0; i < 7; i++) {
            String id = ClerkEvents.newUserId();
            clerk.put(ClerkEvents.userCreated(id).data());
            ids.add(id);
        }
        ids.sort(null);
    }

    @Test
    void walksEveryUserOldestFirstByCursor() throws InterruptedException {
        ClerkUserPages pages = pages();

        assertEquals(ids, walk(pages));
        List<String> queries = clerk.requests().stream().map(ClerkBackendStandIn.Request::query).toList();
        assertEquals(List.of("order_by=created_at&limit=3", "order_by=created_at&limit=3&starting_after=" + ids.get(2),
                "order_by=created_at&limit=3&starting_after=" + ids.get(5)), queries);
        assertFalse(pages.walkedByOffset());
        assertEquals(List.of(), clerk.unexpected());
    }

    @Test
    void aFullLastPageEndsWithAnEmptyOne() throws InterruptedException {
        clerk.remove(ids.remove(6));

        assertEquals(ids, walk(pages()));
        assertEquals(3, clerk.requests().size());
    }

    @Test
    void refusedCursorGoesOnByOffsetFromWhereTheWalkGotTo() throws InterruptedException {
        clerk.refuseCursor();
        ClerkUserPages pages = pages();

        assertEquals(ids, walk(pages));
        assertTrue(pages.walkedByOffset());
        assertTrue(clerk.requests().get(2).query().endsWith("&offset=3"), clerk.requests().toString());
    }

    @Test
    void rateLimitedPageIsAskedAgainAfterClerksRetryAfter() throws InterruptedException {
        clerk.rateLimitNext(2, 4);

        assertEquals(ids, walk(pages()));
        assertEquals(List.of(Duration.ofSeconds(4), Duration.ofSeconds(4)), slept);
    }

    @Test
    void rateLimitedOverAndOverGivesUp() {
        clerk.rateLimitNext(ClerkUserPages.MAX_RATE_LIMITED_TRIES, 1);

        assertThrows(ClerkApiException.RateLimited.class, () -> pages().next());
        assertEquals(ClerkUserPages.MAX_RATE_LIMITED_TRIES - 1, slept.size());
    }

    @Test
    void clerkFailingIsUnavailable() {
        clerk.failNext(1);

        assertThrows(ClerkApiException.Unavailable.class, () -> pages().next());
    }

    private ClerkUserPages pages() {
        return new ClerkUserPages(client, PAGE, slept::add);
    }

    private static List<String> walk(ClerkUserPages pages) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (List<ClerkUser> page = pages.next(); !page.isEmpty(); page = pages.next()) {
            page.forEach(user -> seen.add(user.id()));
        }
        return seen;
    }
}
