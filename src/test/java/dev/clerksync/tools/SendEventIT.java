package dev.clerksync.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.Program;
import dev.clerksync.fixtures.SigningSecrets;
import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.TestEnvironment;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SendEvent, run as a developer runs it (its own JVM, its command line), against the deployed WAR. */
class SendEventIT extends AdminApiTest {

    @TempDir
    Path stateDir;

    @Test
    void userCreatedIsAppliedAndLandsInTheTable() throws Exception {
        Program.Run run = sendEvent("user.created", "--email", "grace@example.com", "--first", "Grace", "--role", "admin");

        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("HTTP 200 {\"status\":\"applied\"}"), run.out());
        Map<String, Object> row = db().user(lastUserId()).orElseThrow();
        assertEquals("grace@example.com", row.get("email"));
        assertEquals("Grace Lovelace", row.get("display_name"));
        assertEquals("admin", row.get("role"));
    }

    @Test
    void userUpdatedChangesTheUserCreatedBefore() throws Exception {
        sendEvent("user.created");
        String id = lastUserId();

        Program.Run run = sendEvent("user.updated", "--last", "Byron");

        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("HTTP 200 {\"status\":\"applied\"}"), run.out());
        assertEquals("Byron", db().user(id).orElseThrow().get("last_name"));
    }

    @Test
    void replayIsAnsweredDuplicate() throws Exception {
        sendEvent("user.created");

        Program.Run run = sendEvent("--replay");

        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("HTTP 200 {\"status\":\"duplicate\"}"), run.out());
    }

    @Test
    void userDeletedRemovesTheRowAndKeepsATombstone() throws Exception {
        sendEvent("user.created");
        String id = lastUserId();

        Program.Run run = sendEvent("user.deleted");

        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("HTTP 200 {\"status\":\"applied\"}"), run.out());
        assertTrue(db().user(id).isEmpty());
        assertEquals(1, db().count("select count(*) from user_tombstones where user_id = ?", id));
    }

    @Test
    void inALocalRunWithTheStandInClerkKnowsTheUsersItSends() throws Exception {
        useTheStandIn();

        sendEvent("user.created", "--role", "admin");
        String id = lastUserId();
        assertEquals("admin", clerk().user(id).getJsonObject("public_metadata").getString("role"));

        sendEvent("user.deleted");
        assertNull(clerk().user(id));
    }

    @Test
    void aUserNamedGraceHopperGetsAnEmailOfHerOwn() throws Exception {
        sendEvent("user.created", "--first", "Grace", "--last", "Hopper");

        Map<String, Object> row = db().user(lastUserId()).orElseThrow();
        assertTrue(row.get("email").toString().matches("grace\\.hopper\\.[a-z0-9]{6}@example\\.com"), row.toString());
        assertTrue(row.get("username").toString().startsWith("grace.hopper."), row.toString());
        assertEquals("Grace Hopper", row.get("display_name"));
    }

    @Test
    void inALocalRunWithTheStandInUserUpdatedKeepsTheRoleSetRoleGave() throws Exception {
        useTheStandIn();
        sendEvent("user.created", "--first", "Grace", "--last", "Hopper");
        String grace = lastUserId();
        String admin = syncedUser("admin");
        assertEquals(200, post("api/admin/set-role", tokenFor(admin),
                "{\"targetUserId\":\"" + grace + "\",\"role\":\"admin\"}").status());

        Program.Run run = sendEvent("user.updated", "--last", "Byron");

        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("as the Clerk stand-in holds it now (role admin)"), run.out());
        Map<String, Object> row = db().user(grace).orElseThrow();
        assertEquals("admin", row.get("role"));
        assertEquals("Byron", row.get("last_name"));
        assertEquals("admin", clerk().user(grace).getJsonObject("public_metadata").getString("role"));
    }

    @Test
    void inALocalRunWithTheStandInAnExplicitRoleStillWins() throws Exception {
        useTheStandIn();
        sendEvent("user.created", "--role", "admin");
        String id = lastUserId();

        sendEvent("user.updated", "--role", "user");

        assertEquals("user", db().user(id).orElseThrow().get("role"));
        assertEquals("user", clerk().user(id).getJsonObject("public_metadata").getString("role"));
    }

    @Test
    void withoutTheStandInUserUpdatedSaysItStartsFromWhatItSentLast() throws Exception {
        sendEvent("user.created", "--role", "admin");

        Program.Run run = sendEvent("user.updated", "--last", "Byron");

        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("No Clerk stand-in in this run"), run.out());
    }

    @Test
    void aDeliveryTheServerRefusesExitsWithOne() throws Exception {
        Program.Run run = sendEventSignedWith(SigningSecrets.newSecret(), "user.created");

        assertEquals(1, run.status(), run.toString());
        assertTrue(run.out().contains("HTTP 401"), run.out());
    }

    @Test
    void anOrganizationAndAMembershipSentByTheToolLandInTheTables() throws Exception {
        sendEvent("user.created");
        String user = lastUserId();

        Program.Run organization = sendEvent("organization.created", "--name", "Acme");
        Program.Run membership = sendEvent("organizationMembership.created", "--role", "org:admin");

        assertEquals(0, organization.status(), organization.toString());
        assertEquals(0, membership.status(), membership.toString());
        assertTrue(membership.out().contains("HTTP 200 {\"status\":\"applied\"}"), membership.out());
        String org = last("last-organization.properties", "id");
        Map<String, Object> row = db().query("select name, slug from organizations where id = ?", org).get(0);
        assertEquals("Acme", row.get("name"));
        assertTrue(row.get("slug").toString().matches("acme-[a-z0-9]{6}"), row.toString());
        Map<String, Object> member = membershipRow(org, user);
        assertEquals("org:admin", member.get("role"));
        assertTrue(member.get("id").toString().startsWith("orgmem_"), member.toString());
    }

    @Test
    void membershipUpdatedChangesTheRoleOfTheSameMembership() throws Exception {
        sendEvent("user.created");
        String user = lastUserId();
        sendEvent("organization.created");
        String org = last("last-organization.properties", "id");
        sendEvent("organizationMembership.created", "--org", org, "--user", user);
        Object id = membershipRow(org, user).get("id");

        Program.Run run = sendEvent("organizationMembership.updated", "--role", "org:admin");

        assertEquals(0, run.status(), run.toString());
        assertEquals(Map.of("id", id, "role", "org:admin"), membershipRow(org, user));
    }

    @Test
    void organizationUpdatedRenamesTheOrganizationAndKeepsItsSlug() throws Exception {
        sendEvent("organization.created", "--name", "Acme", "--slug", "acme-" + System.nanoTime());
        String org = last("last-organization.properties", "id");
        Object slug = db().query("select slug from organizations where id = ?", org).get(0).get("slug");

        sendEvent("organization.updated", "--name", "Acme Labs");

        assertEquals(Map.of("name", "Acme Labs", "slug", slug),
                db().query("select name, slug from organizations where id = ?", org).get(0));
    }

    @Test
    void organizationDeletedRemovesItWithItsMembershipsAndKeepsTombstones() throws Exception {
        Member sent = aMemberSentWithDefaults();

        Program.Run run = sendEvent("organization.deleted");

        assertEquals(0, run.status(), run.toString());
        String org = sent.organization();
        assertEquals(0, db().count("select count(*) from organizations where id = ?", org));
        assertEquals(0, db().count("select count(*) from organization_memberships where organization_id = ?", org));
        assertEquals(1, db().count("select count(*) from organization_tombstones where organization_id = ?", org));
        assertEquals(1, db().count("select count(*) from membership_tombstones where membership_id = ?",
                sent.membership()));
    }

    @Test
    void membershipDeletedRemovesTheMembershipOfTheUserLastCreated() throws Exception {
        Member sent = aMemberSentWithDefaults();

        Program.Run run = sendEvent("organizationMembership.deleted");

        assertEquals(0, run.status(), run.toString());
        assertEquals(0, db().count("select count(*) from organization_memberships where id = ?", sent.membership()));
        assertEquals(1, db().count("select count(*) from membership_tombstones where membership_id = ?",
                sent.membership()));
    }

    @Test
    void aMembershipWithoutAnOrganizationToJoinIsAUsageError() throws Exception {
        Program.Run run = sendEvent("organizationMembership.created", "--user", "user_1");

        assertEquals(2, run.status(), run.toString());
        assertTrue(run.err().contains("No organization to join: pass --org org_…"), run.err());
    }

    @Test
    void inALocalRunWithTheStandInClerkKnowsTheOrganizationsAndMembershipsItSends() throws Exception {
        useTheStandIn();
        sendEvent("user.created");
        String user = lastUserId();
        sendEvent("organization.created", "--name", "Acme");
        String org = last("last-organization.properties", "id");

        sendEvent("organizationMembership.created", "--role", "org:admin");

        assertEquals("Acme", clerk().organization(org).getString("name"));
        assertEquals("org:admin", clerk().membership(org, user).getString("role"));
        sendEvent("organization.deleted");
        assertNull(clerk().organization(org));
        assertNull(clerk().membership(org, user));
    }

    /** A user and an organization, then a membership of the one in the other by SendEvent's defaults. */
    private Member aMemberSentWithDefaults() throws Exception {
        sendEvent("user.created");
        sendEvent("organization.created");
        sendEvent("organizationMembership.created");
        String org = last("last-organization.properties", "id");
        String user = lastUserId();
        return new Member(org, user, membershipRow(org, user).get("id").toString());
    }

    private record Member(String organization, String user, String membership) {
    }

    private Map<String, Object> membershipRow(String org, String user) {
        return db().query("select id, role from organization_memberships where organization_id = ? and user_id = ?",
                org, user).get(0);
    }

    /** The files a local run with the Clerk stand-in writes, pointing at the tests' stand-in. */
    private void useTheStandIn() throws Exception {
        Files.writeString(stateDir.resolve("clerk-api-url"), clerk().baseUrl() + "\n");
        Files.writeString(stateDir.resolve("clerk-secret-key"), ClerkBackendStandIn.SECRET_KEY + "\n");
    }

    /** SendEvent with the deployed endpoint, its signing secret and a state directory of this test's own. */
    private Program.Run sendEvent(String... args) throws Exception {
        return sendEventSignedWith(TestEnvironment.SIGNING_SECRET, args);
    }

    private Program.Run sendEventSignedWith(String secret, String... args) throws Exception {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--url", webhooks().endpoint().toString(), "--state-dir", stateDir.toString(),
                "--secret", secret}, 0, all, args.length, 6);
        return Program.run("dev.clerksync.tools.SendEvent", all);
    }

    private String lastUserId() throws Exception {
        return last("last-user.properties", "id");
    }

    /** A property of what SendEvent remembered in its state directory. */
    private String last(String file, String property) throws Exception {
        Properties last = new Properties();
        try (InputStream in = Files.newInputStream(stateDir.resolve(file))) {
            last.load(in);
        }
        return last.getProperty(property);
    }

}
