package dev.clerksync.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.fixtures.SigningSecrets;
import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.CapturedLogs;
import dev.clerksync.support.TestEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the WAR logs: one line per delivery, and never a payload, a token or a secret. */
class LogHygieneIT extends AdminApiTest {

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @Test
    void eachDeliveryIsOneInfoLineWithIdTypeUserOutcomeBatchSizeAndMilliseconds() {
        String user = ClerkEvents.newUserId();
        var delivery = webhooks().delivery(ClerkEvents.userCreated(user).updatedAt(1_000).json());
        delivery.post();

        List<String> info = logs.lines().stream().filter(l -> l.contains(delivery.id())).toList();
        assertEquals(1, info.size(), logs.lines().toString());
        assertTrue(info.get(0).matches("INFO Webhook svix-id=" + delivery.id() + " type=user.created object=" + user
                + " outcome=applied batch=\\d+ ms=\\d+"), info.get(0));
    }

    @Test
    void failedEventsRejectedSignaturesAndRoleChangesLogNoPayloadTokenOrSecret() {
        String marker = "payload-marker-" + System.nanoTime();
        webhooks().delivery("{\"type\":\"user.updated\",\"data\":{\"id\":\"" + marker + "\"}}").post();
        webhooks().delivery("{\"type\":\"user.updated\",\"data\":{\"note\":\"" + marker + "\"}}").post();
        webhooks().delivery("{\"secret\":\"" + marker + "\"}").signedWith(SigningSecrets.newSecret()).post();
        String admin = syncedUser("admin");
        String token = SessionTokens.forUser(admin).sign();
        post("api/admin/set-role", token, "{\"targetUserId\":\"" + syncedUser("user") + "\",\"role\":\"admin\"}");
        get("api/admin/users/stats", SessionTokens.forUser(admin).expired().sign());

        assertTrue(logs.lines().stream().anyMatch(l -> l.startsWith("WARNING Webhook failed")), logs.lines().toString());
        assertTrue(logs.lines().stream().anyMatch(l -> l.startsWith("WARNING Webhook rejected")), logs.lines().toString());
        assertTrue(logs.lines().stream().anyMatch(l -> l.contains("changed from user to admin")), logs.lines().toString());
        for (String line : logs.lines()) {
            assertFalse(line.contains("payload-marker-") && !line.contains("object=payload-marker"), line);
            assertFalse(line.contains(token), "token logged: " + line);
            assertFalse(line.contains("eyJ"), "a JWT logged: " + line);
            assertFalse(line.contains(TestEnvironment.SIGNING_SECRET.substring(6)), "secret logged: " + line);
            assertFalse(line.contains(ClerkBackendStandIn.SECRET_KEY), "Clerk key logged: " + line);
        }
    }

    @Test
    void valuesFromOutsideAreLoggedCutTo100CharactersAndWithoutControlCharacters() {
        String longId = "msg_" + "x".repeat(252);
        webhooks().delivery("{}").id(longId).signedWith(SigningSecrets.newSecret()).post();
        String forgedType = "evil\\nSEVERE forged line\\u202e" + "t".repeat(7 * 1024);
        var ignored = webhooks().delivery("{\"type\":\"" + forgedType + "\",\"data\":{\"id\":\"x\"}}");
        assertEquals(200, ignored.post().status());

        String rejected = logs.lines().stream().filter(l -> l.startsWith("WARNING Webhook rejected")).findFirst()
                .orElseThrow();
        assertTrue(rejected.contains("svix-id=msg_" + "x".repeat(96) + "… "), rejected);
        String line = logs.lines().stream().filter(l -> l.contains(ignored.id())).findFirst().orElseThrow();
        assertTrue(line.contains("type=evil?SEVERE forged line?ttt"), line);
        assertFalse(line.contains("\n") || line.contains("\u202e") || line.contains("t".repeat(101)), line);
    }
}
