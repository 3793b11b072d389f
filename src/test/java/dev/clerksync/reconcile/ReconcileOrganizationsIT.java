package dev.clerksync.reconcile;

import static dev.clerksync.fixtures.ClerkEvents.membershipCreated;
import static dev.clerksync.fixtures.ClerkEvents.membershipUpdated;
import static dev.clerksync.fixtures.ClerkEvents.newMembershipId;
import static dev.clerksync.fixtures.ClerkEvents.newOrganizationId;
import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.organizationCreated;
import static dev.clerksync.fixtures.ClerkEvents.organizationDeleted;
import static dev.clerksync.fixtures.ClerkEvents.organizationUpdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.Webhooks.Answer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/admin/reconcile} with {@code "scope":"organizations"} or {@code "all"}: Clerk's
 * organizations and memberships brought in through the same sync path as their webhooks. Each test
 * starts from tables and a Clerk that hold only the calling administrator, so the counts are exact.
 */
class ReconcileOrganizationsIT extends AdminApiTest {

    private static final String RECONCILE = "api/admin/reconcile";
    private static final String ORGANIZATIONS = "{\"scope\":\"organizations\"";
    private static final List<String> USERS_ANSWER = List.of("status", "seen", "created", "updated", "unchanged",
            "deleted", "dryRun", "deleteMissing", "startedAt", "finishedAt", "error");

    private String admin;

    @BeforeEach
    void onlyTheAdministrator() {
        clerk().removeAllUsers();
        clerk().removeAllOrganizations();
        db().execute("delete from organization_memberships");
        db().execute("delete from organizations");
        db().execute("delete from membership_tombstones");
        db().execute("delete from organization_tombstones");
        db().execute("delete from users");
        db().execute("delete from user_tombstones");
        admin = syncedUser("admin");
        clerk().reset();
    }

    @Test
    void organizationsAndMembershipsAreBroughtInFromClerksLists() {
        String acme = inClerk();
        String globex = inClerk();
        inClerk();
        String ada = newUserId();
        memberInClerk(acme, ada);
        memberInClerk(acme, newUserId());
        memberInClerk(globex, ada);

        Answer answer = reconcile(ORGANIZATIONS + "}");

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("completed", answer.json().getString("status"));
        assertEquals("organizations", answer.json().getString("scope"));
        assertCounts(answer.json().getJsonObject("organizations"), 3, 3, 0, 0, 0);
        assertCounts(answer.json().getJsonObject("memberships"), 3, 3, 0, 0, 0);
        assertFalse(answer.json().containsKey("users"));
        assertFalse(answer.json().containsKey("seen"));
        assertEquals(3, db().count("select count(*) from organizations"));
        assertEquals(2, db().count("select count(*) from organization_memberships where user_id = ?", ada));
        assertEquals(2, db().count("select count(*) from organization_memberships where organization_id = ?", acme));
        assertEquals(List.of("/v1/organizations", "/v1/organization_memberships"),
                clerk().requests().stream().map(ClerkBackendStandIn.Request::path).toList());
        assertCounts(get(RECONCILE, tokenFor(admin)).json().getJsonObject("memberships"), 3, 3, 0, 0, 0);
    }

    @Test
    void secondRunFindsEverythingUnchanged() {
        memberInClerk(inClerk(), newUserId());
        reconcile(ORGANIZATIONS + "}");

        Answer again = reconcile(ORGANIZATIONS + "}");

        assertCounts(again.json().getJsonObject("organizations"), 1, 0, 0, 1, 0);
        assertCounts(again.json().getJsonObject("memberships"), 1, 0, 0, 1, 0);
    }

    @Test
    void newerLocalRowsAndTombstonesAreNotOverwrittenByClerksOlderCopies() {
        String organization = newOrganizationId();
        String user = newUserId();
        String membership = newMembershipId();
        clerk().putOrganization(organizationCreated(organization).name("Clerk").updatedAt(1_000).data());
        clerk().putMembership(membershipCreated(membership, organization, user).role("org:member").updatedAt(1_000)
                .organizationName("Clerk").organizationUpdatedAt(1_000).data());
        assertEquals("applied", deliver(organizationUpdated(organization).name("Here").updatedAt(2_000).json()));
        assertEquals("applied", deliver(membershipUpdated(membership, organization, user).role("org:admin")
                .updatedAt(2_000).organizationName("Here").organizationUpdatedAt(2_000).json()));
        String deletedHere = inClerk();
        assertEquals("applied", deliver(organizationDeleted(deletedHere, 5_000_000_000_000L)));

        Answer answer = reconcile(ORGANIZATIONS + "}");

        assertEquals(200, answer.status(), answer.toString());
        assertCounts(answer.json().getJsonObject("organizations"), 2, 0, 0, 2, 0);
        assertCounts(answer.json().getJsonObject("memberships"), 1, 0, 0, 1, 0);
        assertEquals("Here", db().query("select name from organizations where id = ?", organization).get(0)
                .get("name"));
        assertEquals("org:admin", db().query("select role from organization_memberships where id = ?", membership)
                .get(0).get("role"));
        assertEquals(0, db().count("select count(*) from organizations where id = ?", deletedHere));
    }

    @Test
    void dryRunCountsWhatItWouldDoAndWritesNothing() {
        memberInClerk(inClerk(), newUserId());
        String onlyHere = hereOnly();
        deliver(membershipCreated(newMembershipId(), onlyHere, newUserId()).json());
        List<Map<String, Object>> before = snapshot();

        Answer answer = reconcile(ORGANIZATIONS + ",\"dryRun\":true,\"deleteMissing\":true}");

        assertEquals(200, answer.status(), answer.toString());
        assertTrue(answer.json().getBoolean("dryRun"));
        assertCounts(answer.json().getJsonObject("organizations"), 1, 1, 0, 0, 1);
        assertCounts(answer.json().getJsonObject("memberships"), 1, 1, 0, 0, 1);
        assertEquals(before, snapshot());
        assertEquals(0, db().count("select count(*) from organization_tombstones"));
        assertEquals(0, db().count("select count(*) from membership_tombstones"));
    }

    @Test
    void deleteMissingBuriesWhatClerkNoLongerListsSoALateWebhookCannotBringItBack() {
        String kept = inClerk();
        String keptMembership = memberInClerk(kept, newUserId());
        String goneMembership = newMembershipId();
        String goneMember = newUserId();
        deliver(membershipCreated(goneMembership, kept, goneMember).json());
        String gone = hereOnly();
        String goneOrganizationsMember = newMembershipId();
        deliver(membershipCreated(goneOrganizationsMember, gone, newUserId()).json());

        Answer answer = reconcile(ORGANIZATIONS + ",\"deleteMissing\":true}");

        assertEquals(200, answer.status(), answer.toString());
        // The kept organization came here with the webhook of the membership Clerk no longer lists.
        assertCounts(answer.json().getJsonObject("organizations"), 1, 0, 0, 1, 1);
        assertCounts(answer.json().getJsonObject("memberships"), 1, 1, 0, 0, 2);
        assertEquals(List.of(Map.of("id", kept)), db().query("select id from organizations"));
        assertEquals(List.of(Map.of("id", keptMembership)), db().query("select id from organization_memberships"));
        assertEquals(1, db().count("select count(*) from organization_tombstones where organization_id = ?", gone));
        assertEquals(2, db().count("select count(*) from membership_tombstones where membership_id in (?, ?)",
                goneMembership, goneOrganizationsMember));

        // Newer than the listed copies, older than the deletion (at the run's time).
        assertEquals("stale", deliver(organizationUpdated(gone).name("Late").updatedAt(1_750_000_000_000L).json()));
        assertEquals("stale", deliver(membershipUpdated(goneMembership, kept, goneMember)
                .updatedAt(1_750_000_000_000L).json()));
        assertEquals(0, db().count("select count(*) from organizations where id = ?", gone));
        assertEquals(0, db().count("select count(*) from organization_memberships where id = ?", goneMembership));
    }

    @Test
    void withoutDeleteMissingUnlistedRowsStay() {
        String onlyHere = hereOnly();

        Answer answer = reconcile(ORGANIZATIONS + "}");

        assertCounts(answer.json().getJsonObject("organizations"), 0, 0, 0, 0, 0);
        assertEquals(1, db().count("select count(*) from organizations where id = ?", onlyHere));
    }

    @Test
    void rateLimitedListsAreWaitedOutForClerksRetryAfter() {
        memberInClerk(inClerk(), newUserId());
        clerk().rateLimitNext(2, 1);
        long started = System.nanoTime();

        Answer answer = reconcile(ORGANIZATIONS + "}");

        assertEquals(200, answer.status(), answer.toString());
        assertCounts(answer.json().getJsonObject("organizations"), 1, 1, 0, 0, 0);
        assertCounts(answer.json().getJsonObject("memberships"), 1, 1, 0, 0, 0);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 2_000);
        assertEquals(4, clerk().requests().size());
    }

    @Test
    void clerkFailingFailsTheRunWith502() {
        inClerk();
        clerk().failNext(1);

        Answer answer = reconcile(ORGANIZATIONS + "}");

        assertEquals(502, answer.status(), answer.toString());
        assertEquals("failed", get(RECONCILE, tokenFor(admin)).json().getString("status"));
        assertEquals(0, db().count("select count(*) from organizations"));
    }

    @Test
    void scopeAllCountsUsersOrganizationsAndMemberships() {
        clerk().put(ClerkEvents.userCreated(newUserId()).data());
        memberInClerk(inClerk(), newUserId());

        Answer answer = reconcile("{\"scope\":\"all\"}");

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("all", answer.json().getString("scope"));
        // The administrator is in Clerk's list too, and unchanged.
        assertCounts(answer.json().getJsonObject("users"), 2, 1, 0, 1, 0);
        assertCounts(answer.json().getJsonObject("organizations"), 1, 1, 0, 0, 0);
        assertCounts(answer.json().getJsonObject("memberships"), 1, 1, 0, 0, 0);
        assertEquals(List.of("/v1/users", "/v1/organizations", "/v1/organization_memberships"),
                clerk().requests().stream().map(ClerkBackendStandIn.Request::path).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"scope\":\"groups\"}", "{\"scope\":\"ALL\"}", "{\"scope\":\"\"}", "{\"scope\":1}",
            "{\"scope\":[\"users\"]}"})
    void unknownScopeIs400AndStartsNothing(String body) {
        Answer answer = reconcile(body);

        assertEquals(400, answer.status(), answer.toString());
        assertEquals("application/problem+json", answer.contentType().split(";")[0]);
        assertEquals(List.of(), clerk().requests());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"scope\":\"users\"}"})
    void usersScopeAnswersAsItAlwaysDidAndWalksOnlyUsers(String body) {
        inClerk();

        Answer answer = reconcile(body);

        assertEquals(200, answer.status(), answer.toString());
        assertEquals(USERS_ANSWER, List.copyOf(answer.json().keySet()));
        assertCounts(answer.json(), 1, 0, 0, 1, 0);
        assertEquals(Set.of("/v1/users"), Set.copyOf(clerk().requests().stream()
                .map(ClerkBackendStandIn.Request::path).toList()));
        assertEquals(0, db().count("select count(*) from organizations"));
    }

    /** An organization Clerk lists, as its own webhook would carry it. */
    private static String inClerk() {
        String id = newOrganizationId();
        clerk().putOrganization(organizationCreated(id).data());
        return id;
    }

    /** A membership Clerk lists, embedding its organization as Clerk has it. */
    private static String memberInClerk(String organizationId, String userId) {
        String id = newMembershipId();
        clerk().putMembership(membershipCreated(id, organizationId, userId).data());
        return id;
    }

    /** An organization here that Clerk does not list. */
    private String hereOnly() {
        String id = newOrganizationId();
        assertEquals("applied", deliver(organizationCreated(id).json()));
        return id;
    }

    private List<Map<String, Object>> snapshot() {
        // As text: the driver's arrays and jsonb objects do not compare by value.
        List<Map<String, Object>> rows = new ArrayList<>(db().query("select o::text from organizations as o order by id"));
        rows.addAll(db().query("select m::text from organization_memberships as m order by id"));
        return rows;
    }

    private Answer reconcile(String body) {
        return post(RECONCILE, tokenFor(admin), body);
    }

    private static void assertCounts(JsonObject counts, long seen, long created, long updated, long unchanged,
            long deleted) {
        assertEquals(List.of(seen, created, updated, unchanged, deleted),
                List.of("seen", "created", "updated", "unchanged", "deleted").stream()
                        .map(name -> counts.getJsonNumber(name).longValue()).toList(), counts.toString());
    }
}
