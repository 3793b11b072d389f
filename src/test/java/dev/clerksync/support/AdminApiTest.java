package dev.clerksync.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.support.Webhooks.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The deployed WAR with its admin API on, talking to the Clerk stand-in. */
public abstract class AdminApiTest extends DeployedWar {

    @BeforeEach
    void freshStandIn() {
        clerk().reset();
    }

    @AfterEach
    void noUnexpectedCallsToClerk() {
        assertEquals(java.util.List.of(), clerk().unexpected(), "requests the Clerk stand-in did not expect");
    }

    protected static ClerkBackendStandIn clerk() {
        return TestEnvironment.clerk();
    }

    /** A user synced through a signed webhook, with this role in public_metadata. */
    protected String syncedUser(String role) {
        String id = ClerkEvents.newUserId();
        ClerkEvents.UserEvent user = ClerkEvents.userCreated(id).role(role).updatedAt(1_000);
        clerk().put(user.data());
        assertEquals("applied", deliver(user.json()));
        return id;
    }

    protected static String tokenFor(String userId) {
        return SessionTokens.forUser(userId).sign();
    }

    protected Answer get(String path, String token) {
        return Answer.send(request(path, token).GET().build());
    }

    protected Answer post(String path, String token, String json) {
        return Answer.send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }
}
