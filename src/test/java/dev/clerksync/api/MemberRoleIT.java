package dev.clerksync.api;

import static dev.clerksync.fixtures.ClerkEvents.membershipCreated;
import static dev.clerksync.fixtures.ClerkEvents.newMembershipId;
import static dev.clerksync.fixtures.ClerkEvents.newOrganizationId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.ClerkBackendStandIn.Mode;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.Webhooks.Answer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/organizations/{orgId}/members/{userId}/role}: delegated administration. The
 * organization's own admins and global admins may change a member's role; the role goes to Clerk,
 * comes back through the sync path and is audited.
 */
class MemberRoleIT extends AdminApiTest {

    private String organizationId;
    private String organizationAdmin;
    private String member;
    private String otherMember;

    @BeforeEach
    void anOrganizationWithAnAdminAndTwoMembers() {
        organizationId = newOrganizationId();
        organizationAdmin = memberOf(organizationId, "org:admin");
        member = memberOf(organizationId, "org:member");
        otherMember = memberOf(organizationId, "org:member");
        clerk().reset();
    }

    @Test
    void organizationAdminChangesAMembersRoleInClerkThenHereAndItIsAudited() {
        Answer answer = setRole(organizationAdmin, organizationId, member, "org:admin");

        assertEquals(200, answer.status(), answer.toString());
        JsonObject body = answer.json();
        assertTrue(body.getBoolean("success"));
        assertEquals("Organization role updated to org:admin", body.getString("message"));
        assertEquals("org:admin", body.getJsonObject("membership").getString("role"));
        assertEquals(member, body.getJsonObject("membership").getJsonObject("user").getString("id"));
        ClerkBackendStandIn.Request patch = clerk().requests().get(0);
        assertEquals("PATCH", patch.method());
        assertEquals("/v1/organizations/" + organizationId + "/memberships/" + member, patch.path());
        assertEquals(Json.createObjectBuilder().add("role", "org:admin").build(),
                Json.createReader(new StringReader(patch.body())).readObject());
        assertEquals("org:admin", storedRole(member));
        Map<String, Object> audit = db().query("select * from role_changes where target_id = ?", member).get(0);
        assertEquals(organizationAdmin, audit.get("actor_id"));
        assertEquals(organizationId, audit.get("organization_id"));
        assertEquals("org:member", audit.get("old_role"));
        assertEquals("org:admin", audit.get("new_role"));
    }

    @Test
    void permissionsFollowTheNewRole() {
        setRole(organizationAdmin, organizationId, member, "org:admin");

        assertTrue(db().query("select permissions::text as p from organization_memberships where organization_id = ?"
                + " and user_id = ?", organizationId, member).get(0).get("p").toString()
                .contains("org:sys_memberships:manage"));
    }

    @Test
    void globalAdministratorMayChangeRolesInAnyOrganization() {
        String globalAdmin = syncedUser("admin");

        assertEquals(200, setRole(globalAdmin, organizationId, member, "org:admin").status());
        assertEquals("org:admin", storedRole(member));
    }

    @Test
    void memberOfTheOrganizationIs403AndNothingIsSent() {
        assertRefused(setRole(otherMember, organizationId, member, "org:admin"), 403);
    }

    @Test
    void adminOfAnotherOrganizationIs403AndNothingIsSent() {
        String adminElsewhere = memberOf(newOrganizationId(), "org:admin");
        clerk().reset();

        assertRefused(setRole(adminElsewhere, organizationId, member, "org:admin"), 403);
    }

    @Test
    void signedInUserWithNoMembershipIs403() {
        String stranger = syncedUser("user");
        clerk().reset();

        assertRefused(setRole(stranger, organizationId, member, "org:admin"), 403);
    }

    @Test
    void organizationAdminCannotChangeTheirOwnRole() {
        Answer answer = setRole(organizationAdmin, organizationId, organizationAdmin, "org:member");

        assertEquals(403, answer.status(), answer.toString());
        assertEquals(List.of(), clerk().requests());
        assertEquals("org:admin", storedRole(organizationAdmin));
    }

    @ParameterizedTest
    @ValueSource(strings = {"org:owner", "admin", "basic_member", ""})
    void roleOutsideTheOrganizationRolesIs400(String role) {
        assertRefused(setRole(organizationAdmin, organizationId, member, role), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"role\":42}", "{}", "not json"})
    void malformedBodyIs400(String body) {
        assertRefused(post(path(organizationId, member), tokenFor(organizationAdmin), body), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"api/organizations/org_1/members/user_1",
        "api/organizations/not-an-org/members/user_1/role",
        "api/organizations/org_1/members/orgmem_1/role", "api/organizations/org_1/role"})
    void pathThatNamesNoMembershipIs404(String path) {
        assertRefused(post(path, tokenFor(organizationAdmin), "{\"role\":\"org:admin\"}"), 404);
    }

    @Test
    void withoutASessionTokenIs401() {
        assertRefused(post(path(organizationId, member), null, "{\"role\":\"org:admin\"}"), 401);
    }

    @Test
    void clerk404Is404AndNothingChanges() {
        clerk().mode(Mode.NOT_FOUND);

        assertRefused(setRole(organizationAdmin, organizationId, member, "org:admin"), 404);
    }

    @Test
    void clerk429Is429WithClerksRetryAfter() {
        clerk().mode(Mode.RATE_LIMITED);

        Answer answer = setRole(organizationAdmin, organizationId, member, "org:admin");

        assertRefused(answer, 429);
        assertEquals("7", answer.retryAfter());
    }

    @Test
    void clerk500Is502() {
        clerk().mode(Mode.SERVER_ERROR);

        assertRefused(setRole(organizationAdmin, organizationId, member, "org:admin"), 502);
    }

    @Test
    void theWebhookClerkSendsAfterwardsChangesNothingWrong() {
        setRole(organizationAdmin, organizationId, member, "org:admin");
        JsonObject afterwards = clerk().membership(organizationId, member);
        String webhook = Json.createObjectBuilder().add("type", "organizationMembership.updated")
                .add("object", "event").add("timestamp", afterwards.getJsonNumber("updated_at").longValue())
                .add("data", afterwards).build().toString();

        assertTrue(List.of("applied", "stale").contains(deliver(webhook)));
        assertEquals("org:admin", storedRole(member));
    }

    @Test
    void demotedOrganizationAdminLosesTheRightAtOnce() {
        String globalAdmin = syncedUser("admin");
        setRole(globalAdmin, organizationId, organizationAdmin, "org:member");
        clerk().reset();

        assertRefused(setRole(organizationAdmin, organizationId, member, "org:admin"), 403);
    }

    /** A user synced through the webhook, and its membership in the organization, in Clerk and here. */
    private String memberOf(String organization, String role) {
        String userId = syncedUser("user");
        ClerkEvents.MembershipEvent membership = membershipCreated(newMembershipId(), organization, userId).role(role);
        clerk().putMembership(membership.data());
        assertEquals("applied", deliver(membership.json()));
        return userId;
    }

    private Answer setRole(String caller, String organization, String userId, String role) {
        return post(path(organization, userId), tokenFor(caller), "{\"role\":\"" + role + "\"}");
    }

    private static String path(String organization, String userId) {
        return "api/organizations/" + organization + "/members/" + userId + "/role";
    }

    private String storedRole(String userId) {
        return db().query("select role from organization_memberships where organization_id = ? and user_id = ?",
                organizationId, userId).get(0).get("role").toString();
    }

    private void assertRefused(Answer answer, int status) {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals("application/problem+json", answer.contentType().split(";")[0]);
        if (status != 429 && status != 404 && status != 502) {
            assertEquals(List.of(), clerk().requests());
        }
        assertEquals("org:member", storedRole(member));
        assertEquals(0, db().count("select count(*) from role_changes where target_id = ?", member));
    }
}
