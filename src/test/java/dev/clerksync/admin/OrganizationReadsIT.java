package dev.clerksync.admin;

import static dev.clerksync.fixtures.ClerkEvents.membershipCreated;
import static dev.clerksync.fixtures.ClerkEvents.newMembershipId;
import static dev.clerksync.fixtures.ClerkEvents.newOrganizationId;
import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.organizationCreated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.Webhooks.Answer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reads on organizations, all from the mirror: organizations with their local member counts,
 * their members with their users, a user with its organizations (admin and {@code /api/me}), and
 * the role audit trail.
 */
class OrganizationReadsIT extends AdminApiTest {

    private String token;
    private String admin;
    private String organizationId;

    @BeforeEach
    void anAdministratorAndAnOrganization() {
        admin = syncedUser("admin");
        token = tokenFor(admin);
        organizationId = newOrganizationId();
        assertEquals("applied", deliver(organizationCreated(organizationId).json()));
    }

    @Test
    void organizationsArePagedByIdEachWithItsLocalMembersCount() {
        join(organizationId, syncedUser("user"), "org:admin");
        join(organizationId, syncedUser("user"), "org:member");
        String second = newOrganizationId();
        deliver(organizationCreated(second).json());

        List<JsonObject> seen = walk("api/admin/organizations?limit=2", "organizations");

        List<String> ids = seen.stream().map(o -> o.getString("id")).toList();
        assertEquals(db().count("select count(*) from organizations"), ids.size());
        assertEquals(ids.stream().sorted().toList(), ids);
        JsonObject ours = seen.stream().filter(o -> o.getString("id").equals(organizationId)).findFirst().orElseThrow();
        assertEquals(2, ours.getJsonNumber("membersCount").longValue());
        assertEquals("Acme Corp", ours.getString("name"));
        assertEquals("pro", ours.getJsonObject("publicMetadata").getString("plan"));
        assertTrue(ids.contains(second));
    }

    @Test
    void oneOrganizationIsReadWithItsMembersCount() {
        join(organizationId, syncedUser("user"), "org:member");

        Answer answer = get("api/admin/organizations/" + organizationId, token);

        assertEquals(200, answer.status(), answer.toString());
        assertEquals(organizationId, answer.json().getString("id"));
        assertEquals(1, answer.json().getJsonNumber("membersCount").longValue());
    }

    @Test
    void organizationNotSyncedIs404() {
        assertEquals(404, get("api/admin/organizations/" + newOrganizationId(), token).status());
        assertEquals(404, get("api/admin/organizations/" + newOrganizationId() + "/members", token).status());
    }

    @Test
    void membersArePagedWithTheirUsersOrNullWhileTheUserHasNotArrived() {
        String synced = syncedUser("user");
        String notYetArrived = newUserId();
        join(organizationId, synced, "org:admin");
        join(organizationId, notYetArrived, "org:member");
        join(organizationId, syncedUser("user"), "org:member");

        List<JsonObject> members = walk("api/admin/organizations/" + organizationId + "/members?limit=1", "members");

        assertEquals(3, members.size());
        assertEquals(members.stream().map(m -> m.getString("id")).sorted().toList(),
                members.stream().map(m -> m.getString("id")).toList());
        assertEquals(synced, byUser(members, synced).getJsonObject("user").getString("id"));
        assertEquals(JsonValue.NULL, byUser(members, notYetArrived).get("user"));
        assertEquals("org:admin", byUser(members, synced).getString("role"));
    }

    @Test
    void memberWhoseUserArrivesLaterIsJoinedToItThen() {
        String late = newUserId();
        join(organizationId, late, "org:member");
        assertEquals(JsonValue.NULL, walk(membersOf(), "members").get(0).get("user"));

        assertEquals("applied", deliver(ClerkEvents.userCreated(late).name("Grace", "Hopper").updatedAt(2_000).json()));

        JsonObject member = walk(membersOf(), "members").get(0);
        assertEquals(late, member.getJsonObject("user").getString("id"));
        assertEquals("Grace", member.getJsonObject("user").getString("firstName"));
    }

    @Test
    void membersAreFilteredByRole() {
        join(organizationId, syncedUser("user"), "org:admin");
        join(organizationId, syncedUser("user"), "org:member");
        join(organizationId, syncedUser("user"), "org:member");

        List<JsonObject> admins = walk("api/admin/organizations/" + organizationId + "/members?role=org:admin",
                "members");

        assertEquals(1, admins.size());
        assertEquals("org:admin", admins.get(0).getString("role"));
    }

    @Test
    void userIsReadWithItsOrganizationsRolesAndPermissions() {
        String user = syncedUser("user");
        join(organizationId, user, "org:admin");

        Answer answer = get("api/admin/users/" + user, token);

        assertEquals(200, answer.status(), answer.toString());
        assertEquals(user, answer.json().getString("id"));
        assertEquals("user", answer.json().getString("role"));
        JsonObject organization = answer.json().getJsonArray("organizations").getJsonObject(0);
        assertEquals(organizationId, organization.getString("id"));
        assertEquals("Acme Corp", organization.getString("name"));
        assertEquals("org:admin", organization.getString("role"));
        assertEquals("org:posts:read", organization.getJsonArray("permissions").getString(0));
    }

    @Test
    void userNotSyncedIs404() {
        assertEquals(404, get("api/admin/users/" + newUserId(), token).status());
    }

    @Test
    void meListsTheCallersOrganizations() {
        String user = syncedUser("user");
        join(organizationId, user, "org:member");

        Answer answer = get("api/me", tokenFor(user));

        assertEquals(200, answer.status(), answer.toString());
        JsonObject organization = answer.json().getJsonArray("organizations").getJsonObject(0);
        assertEquals(organizationId, organization.getString("id"));
        assertEquals("org:member", organization.getString("role"));
        assertEquals(0, get("api/me", token).json().getJsonArray("organizations").size());
    }

    @Test
    void roleChangesAreListedNewestFirstByUserOrOrganizationAndPaged() {
        String user = syncedUser("user");
        join(organizationId, user, "org:member");
        clerk().putMembership(clerkMembership(user));
        assertEquals(200, post("api/admin/set-role", token,
                "{\"targetUserId\":\"" + user + "\",\"role\":\"admin\"}").status());
        assertEquals(200, post("api/organizations/" + organizationId + "/members/" + user + "/role", token,
                "{\"role\":\"org:admin\"}").status());

        List<JsonObject> ofUser = walk("api/admin/role-changes?limit=1&userId=" + user, "roleChanges");
        List<JsonObject> ofOrganization = walk("api/admin/role-changes?organizationId=" + organizationId,
                "roleChanges");

        assertEquals(2, ofUser.size());
        assertEquals(organizationId, ofUser.get(0).getString("organizationId"));
        assertEquals("org:member", ofUser.get(0).getString("oldRole"));
        assertEquals("org:admin", ofUser.get(0).getString("newRole"));
        assertEquals(admin, ofUser.get(0).getString("actorId"));
        assertEquals(JsonValue.NULL, ofUser.get(1).get("organizationId"));
        assertEquals("admin", ofUser.get(1).getString("newRole"));
        assertEquals(1, ofOrganization.size());
        assertEquals(user, ofOrganization.get(0).getString("userId"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api/admin/organizations?limit=0", "api/admin/organizations?limit=501",
        "api/admin/organizations?after=x'%3B", "api/admin/organizations/ORG_1/members?role=%20",
        "api/admin/role-changes?after=-1", "api/admin/role-changes?userId=org_1",
        "api/admin/role-changes?organizationId=user_1"})
    void badQueryParametersAre400(String path) {
        assertEquals(400, get(path.replace("ORG_1", organizationId), token).status());
    }

    @Test
    void pathsUnderOrganizationsThatNameNothingAre404() {
        assertEquals(404, get("api/admin/organizations/" + organizationId + "/nothing", token).status());
        assertEquals(404, get("api/admin/users/not-a-user", token).status());
    }

    @Test
    void nonAdministratorIs403() {
        assertEquals(403, get("api/admin/organizations", tokenFor(syncedUser("user"))).status());
    }

    private String membersOf() {
        return "api/admin/organizations/" + organizationId + "/members?limit=50";
    }

    private void join(String organization, String userId, String role) {
        assertEquals("applied", deliver(membershipCreated(newMembershipId(), organization, userId).role(role)
                .json()));
    }

    private JsonObject clerkMembership(String userId) {
        String membershipId = db().query("select id from organization_memberships where organization_id = ?"
                + " and user_id = ?", organizationId, userId).get(0).get("id").toString();
        return membershipCreated(membershipId, organizationId, userId).data();
    }

    private static JsonObject byUser(List<JsonObject> members, String userId) {
        return members.stream().filter(m -> m.getString("userId").equals(userId)).findFirst().orElseThrow();
    }

    /** Every item of every page, following nextCursor. */
    private List<JsonObject> walk(String first, String items) {
        List<JsonObject> seen = new ArrayList<>();
        String cursor = null;
        do {
            Answer page = get(first + (cursor == null ? "" : "&after=" + cursor), token);
            assertEquals(200, page.status(), page.toString());
            page.json().getJsonArray(items).forEach(item -> seen.add(item.asJsonObject()));
            JsonValue next = page.json().get("nextCursor");
            cursor = next == null || next == JsonValue.NULL ? null : page.json().getString("nextCursor");
        } while (cursor != null);
        return seen;
    }
}
