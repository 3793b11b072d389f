package dev.clerksync.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.Webhooks.Answer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/admin/reconcile} and {@code POST /api/admin/reconcile/{userId}}: Clerk's users
 * brought in through the sync path. Each test starts from a table and a Clerk that hold only the
 * calling administrator, so the counts are exact.
 */
class ReconcileIT extends AdminApiTest {

    private static final String RECONCILE = "api/admin/reconcile";

    private String admin;

    @BeforeEach
    void onlyTheAdministrator() {
        clerk().removeAllUsers();
        db().execute("delete from users");
        db().execute("delete from user_tombstones");
        admin = syncedUser("admin");
        clerk().reset();
    }

    @Test
    void backfillBringsEveryClerkUserIntoAnEmptyTable() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String id = ClerkEvents.newUserId();
            clerk().put(ClerkEvents.userCreated(id).name("Grace", "Hopper").role(i == 0 ? "admin" : null)
                    .updatedAt(2_000 + i).data());
            ids.add(id);
        }

        Answer answer = reconcile("{}");

        assertEquals(200, answer.status(), answer.toString());
        assertCounts(answer.json(), 601, 600, 0, 1, 0);
        assertEquals("completed", answer.json().getString("status"));
        assertEquals(601, db().count("select count(*) from users"));
        Map<String, Object> first = db().user(ids.get(0)).orElseThrow();
        assertEquals("Grace Hopper", first.get("display_name"));
        assertEquals("admin", first.get("role"));
        assertEquals(ids.get(1).toLowerCase() + "@example.com", db().user(ids.get(1)).orElseThrow().get("email"));
        assertEquals(2, clerk().requests().size(), "two pages of at most 500");
        assertCounts(get(RECONCILE, tokenFor(admin)).json(), 601, 600, 0, 1, 0);
    }

    @Test
    void repairKeepsNewerLocalRowsAndLeavesUnlistedOnesAlone() {
        String newerHere = inClerkAndHere(10, 20);
        String newerInClerk = inClerkAndHere(30, 10);
        String same = inClerkAndHere(10, 10);
        String onlyInClerk = ClerkEvents.newUserId();
        clerk().put(ClerkEvents.userCreated(onlyInClerk).data());
        String onlyHere = ClerkEvents.newUserId();
        deliver(ClerkEvents.userCreated(onlyHere).json());

        Answer answer = reconcile("{}");

        assertEquals(200, answer.status(), answer.toString());
        assertCounts(answer.json(), 5, 1, 1, 3, 0);
        assertEquals("Here", db().user(newerHere).orElseThrow().get("first_name"));
        assertEquals("Clerk", db().user(newerInClerk).orElseThrow().get("first_name"));
        assertTrue(db().user(same).isPresent());
        assertTrue(db().user(onlyInClerk).isPresent());
        assertTrue(db().user(onlyHere).isPresent(), "kept without deleteMissing");
    }

    @Test
    void deleteMissingBuriesUsersClerkNoLongerHasSoALateWebhookCannotBringThemBack() {
        String deletedInClerk = inClerkAndHere(10, 10);
        clerk().remove(deletedInClerk);
        String kept = inClerkAndHere(10, 10);

        Answer answer = reconcile("{\"deleteMissing\":true}");

        assertEquals(200, answer.status(), answer.toString());
        assertCounts(answer.json(), 2, 0, 0, 2, 1);
        assertTrue(db().user(deletedInClerk).isEmpty());
        assertTrue(db().user(kept).isPresent());
        assertEquals(1, db().count("select count(*) from user_tombstones where user_id = ?", deletedInClerk));

        String late = ClerkEvents.userUpdated(deletedInClerk).name("Late", "Delivery").updatedAt(5_000).json();
        assertEquals("stale", deliver(late));
        assertTrue(db().user(deletedInClerk).isEmpty());
    }

    @Test
    void dryRunCountsWhatItWouldDoAndWritesNothing() {
        inClerkAndHere(30, 10);
        clerk().put(ClerkEvents.userCreated(ClerkEvents.newUserId()).data());
        deliver(ClerkEvents.userCreated(ClerkEvents.newUserId()).json());
        List<Map<String, Object>> before = db().query("select * from users order by id");

        Answer answer = reconcile("{\"dryRun\":true,\"deleteMissing\":true}");

        assertEquals(200, answer.status(), answer.toString());
        assertCounts(answer.json(), 3, 1, 1, 1, 1);
        assertTrue(answer.json().getBoolean("dryRun"));
        assertEquals(before, db().query("select * from users order by id"));
        assertEquals(0, db().count("select count(*) from user_tombstones"));
    }

    @Test
    void runLongerThanTheWaitIsAnswered202AndASecondStartIs409() throws Exception {
        String user = ClerkEvents.newUserId();
        clerk().put(ClerkEvents.userCreated(user).data());
        clerk().rateLimitNext(1, 23);

        Answer accepted = reconcile("{}");

        assertEquals(202, accepted.status(), accepted.toString());
        assertEquals("running", accepted.json().getString("status"));
        assertEquals(base.getPath() + RECONCILE, accepted.location());
        Answer second = reconcile("{}");
        assertEquals(409, second.status(), second.toString());
        JsonObject status = awaitEnd();
        assertEquals("completed", status.getString("status"));
        assertCounts(status, 2, 1, 0, 1, 0);
    }

    @Test
    void runHeldByAnotherNodeIs409() {
        db().execute("insert into reconcile_lease (name, holder, expires_at)"
                + " values ('reconcile', 'another-node', now() + interval '1 minute')");
        try {
            Answer answer = reconcile("{}");

            assertEquals(409, answer.status(), answer.toString());
            assertEquals("application/problem+json", answer.contentType().split(";")[0]);
        } finally {
            db().execute("delete from reconcile_lease where holder = 'another-node'");
        }
        assertEquals(200, reconcile("{}").status());
    }

    @Test
    void leaseOfANodeThatDiedIsTakenOverOnceItExpires() {
        db().execute("insert into reconcile_lease (name, holder, expires_at)"
                + " values ('reconcile', 'dead-node', now() - interval '1 second')");

        Answer answer = reconcile("{}");

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("completed", answer.json().getString("status"));
        assertEquals(0, db().count("select count(*) from reconcile_lease"), "released when the run ended");
    }

    @Test
    void aRunLeavesNoSeenIdsBehind() {
        clerk().put(ClerkEvents.userCreated(ClerkEvents.newUserId()).data());

        Answer answer = reconcile("{\"deleteMissing\":true}");

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("completed", answer.json().getString("status"));
        assertEquals(0, db().count("select count(*) from reconcile_seen"));
    }

    @Test
    void rateLimitedListIsWaitedOutForClerksRetryAfter() {
        clerk().put(ClerkEvents.userCreated(ClerkEvents.newUserId()).data());
        clerk().rateLimitNext(2, 1);
        long started = System.nanoTime();

        Answer answer = reconcile("{}");

        assertEquals(200, answer.status(), answer.toString());
        assertCounts(answer.json(), 2, 1, 0, 1, 0);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 2_000);
        assertEquals(3, clerk().requests().size());
    }

    @Test
    void clerkFailingFailsTheRunWith502AndKeepsNothingHalfDone() {
        clerk().put(ClerkEvents.userCreated(ClerkEvents.newUserId()).data());
        clerk().failNext(1);

        Answer answer = reconcile("{}");

        assertEquals(502, answer.status(), answer.toString());
        assertEquals("failed", get(RECONCILE, tokenFor(admin)).json().getString("status"));
        assertEquals(1, db().count("select count(*) from users"));
    }

    @Test
    void singleUserIsResyncedAndDeletedWhenClerkNoLongerHasIt() {
        String user = ClerkEvents.newUserId();
        clerk().put(ClerkEvents.userCreated(user).updatedAt(10).data());

        assertEquals("created", reconcileOne(user));
        assertEquals("unchanged", reconcileOne(user));
        clerk().put(ClerkEvents.userUpdated(user).name("Ada", "Byron").updatedAt(20).data());
        assertEquals("updated", reconcileOne(user));
        assertEquals("Byron", db().user(user).orElseThrow().get("last_name"));
        clerk().remove(user);
        assertEquals("deleted", reconcileOne(user));
        assertTrue(db().user(user).isEmpty());
        assertEquals(1, db().count("select count(*) from user_tombstones where user_id = ?", user));
        assertEquals("stale", deliver(ClerkEvents.userUpdated(user).updatedAt(30).json()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-user", "user_", "user_a%20b"})
    void singleUserWithAMalformedIdIs400(String id) {
        Answer answer = post(RECONCILE + "/" + id, tokenFor(admin), "");

        assertEquals(400, answer.status(), answer.toString());
        assertEquals(List.of(), clerk().requests());
    }

    /** A user Clerk holds at {@code clerkVersion} and this table at {@code localVersion}, named after where it came from. */
    private String inClerkAndHere(long clerkVersion, long localVersion) {
        String id = ClerkEvents.newUserId();
        clerk().put(ClerkEvents.userCreated(id).name("Clerk", "Copy").updatedAt(clerkVersion).data());
        String local = localVersion == clerkVersion
                ? ClerkEvents.userCreated(id).name("Clerk", "Copy").updatedAt(localVersion).json()
                : ClerkEvents.userCreated(id).name("Here", "Copy").updatedAt(localVersion).json();
        assertEquals("applied", deliver(local));
        return id;
    }

    private Answer reconcile(String body) {
        return post(RECONCILE, tokenFor(admin), body);
    }

    private String reconcileOne(String userId) {
        Answer answer = post(RECONCILE + "/" + userId, tokenFor(admin), "");
        assertEquals(200, answer.status(), answer.toString());
        return answer.json().getString("status");
    }

    private JsonObject awaitEnd() throws InterruptedException {
        for (int i = 0; i < 60; i++) {
            JsonObject status = get(RECONCILE, tokenFor(admin)).json();
            if (!status.getString("status").equals("running")) {
                return status;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the reconcile did not end within 30 s");
    }

    private static void assertCounts(JsonObject counts, long seen, long created, long updated, long unchanged,
            long deleted) {
        assertEquals(List.of(seen, created, updated, unchanged, deleted),
                List.of("seen", "created", "updated", "unchanged", "deleted").stream()
                        .map(name -> counts.getJsonNumber(name).longValue()).toList(), counts.toString());
    }
}
