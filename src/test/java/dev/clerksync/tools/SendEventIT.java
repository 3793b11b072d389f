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

/** SendEvent, run in-process as a developer runs it, against the deployed WAR. */
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
        Properties last = new Properties();
        try (InputStream in = Files.newInputStream(stateDir.resolve("last-user.properties"))) {
            last.load(in);
        }
        return last.getProperty("id");
    }

}
