package dev.clerksync.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.ClerkBackendStandIn;
import dev.clerksync.support.ClerkEvents;
import dev.clerksync.support.SessionTokens;
import dev.clerksync.support.TestEnvironment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the WAR logs: one line per delivery, and never a payload, a token or a secret. */
class LogHygieneIT extends AdminApiTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + formatter.formatMessage(record)
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void eachDeliveryIsOneInfoLineWithIdTypeUserOutcomeBatchSizeAndMilliseconds() {
        String user = ClerkEvents.newUserId();
        var delivery = webhooks().delivery(ClerkEvents.userCreated(user).updatedAt(1_000).json());
        delivery.post();

        List<String> info = lines.stream().filter(l -> l.contains(delivery.id())).toList();
        assertEquals(1, info.size(), lines.toString());
        assertTrue(info.get(0).matches("INFO Webhook svix-id=" + delivery.id() + " type=user.created user=" + user
                + " outcome=applied batch=\\d+ ms=\\d+"), info.get(0));
    }

    @Test
    void failedEventsRejectedSignaturesAndRoleChangesLogNoPayloadTokenOrSecret() {
        String marker = "payload-marker-" + System.nanoTime();
        webhooks().delivery("{\"type\":\"user.updated\",\"data\":{\"id\":\"" + marker + "\"}}").post();
        webhooks().delivery("{\"type\":\"user.updated\",\"data\":{\"note\":\"" + marker + "\"}}").post();
        webhooks().delivery("{\"secret\":\"" + marker + "\"}").signedWith(TestEnvironment.newSecret()).post();
        String admin = syncedUser("admin");
        String token = SessionTokens.forUser(admin).sign();
        post("api/admin/set-role", token, "{\"targetUserId\":\"" + syncedUser("user") + "\",\"role\":\"admin\"}");
        get("api/admin/users/stats", SessionTokens.forUser(admin).expired().sign());

        assertTrue(lines.stream().anyMatch(l -> l.startsWith("WARNING Webhook failed")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("WARNING Webhook rejected")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("changed from user to admin")), lines.toString());
        for (String line : lines) {
            assertFalse(line.contains("payload-marker-") && !line.contains("user=payload-marker"), line);
            assertFalse(line.contains(token), "token logged: " + line);
            assertFalse(line.contains("eyJ"), "a JWT logged: " + line);
            assertFalse(line.contains(TestEnvironment.SIGNING_SECRET.substring(6)), "secret logged: " + line);
            assertFalse(line.contains(ClerkBackendStandIn.SECRET_KEY), "Clerk key logged: " + line);
        }
    }
}
