package dev.clerksync.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.support.TestDatabase;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /api/*} with low limits, in a deployment of its own so that no other test meets them:
 * 3 requests per caller per minute (a token every 20 s), and 1 Clerk lookup per second from
 * {@code /api/me}. Each test uses callers of its own. (Not an AdminApiTest: that one brings the
 * shared deployment, with the tests' high limits.)
 */
@ExtendWith(ArquillianExtension.class)
class RateLimitIT {

    private static final int PER_CALLER = 3;
    // Sent as fast as one thread can, far more than one Clerk lookup can refill in between.
    private static final int FLOOD = 20;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        WebArchive war = TestEnvironment.war("clerk-sync-ratelimit.war");
        System.setProperty("CLERK_SYNC_API_RATE_PER_MINUTE", Integer.toString(PER_CALLER));
        System.setProperty("CLERK_SYNC_CLERK_CALLS_PER_SECOND", "1");
        return war;
    }

    @AfterAll
    static void restoreTheTestLimits() {
        System.setProperty("CLERK_SYNC_API_RATE_PER_MINUTE", TestEnvironment.API_RATE_PER_MINUTE);
        System.setProperty("CLERK_SYNC_CLERK_CALLS_PER_SECOND", TestEnvironment.CLERK_CALLS_PER_SECOND);
    }

    @BeforeEach
    void freshStandIn() {
        clerk().reset();
    }

    @AfterEach
    void noUnexpectedCallsToClerk() {
        assertEquals(List.of(), clerk().unexpected(), "requests the Clerk stand-in did not expect");
    }

    @Test
    void aCallerOverItsLimitGets429WithRetryAfterWhileAnotherCallerStillGets200() {
        String flooder = syncedUser("user");
        String other = syncedUser("user");
        String token = tokenFor(flooder);
        for (int i = 0; i < PER_CALLER; i++) {
            assertEquals(200, get("api/me", token).status(), "request " + (i + 1) + " is within the burst");
        }

        Answer refused = get("api/me", token);

        assertTooManyRequests(refused, 20);
        assertTrue(refused.json().getString("detail").contains("requests per caller"), refused.toString());
        assertEquals(200, get("api/me", tokenFor(other)).status());
    }

    @Test
    void adminEndpointsCountAgainstTheSameBucket() {
        String admin = syncedUser("admin");
        String token = tokenFor(admin);
        for (int i = 0; i < PER_CALLER; i++) {
            assertEquals(200, get(i % 2 == 0 ? "api/me" : "api/admin/users/stats", token).status());
        }

        assertTooManyRequests(get("api/admin/users/stats", token), 20);
    }

    @Test
    void lookupsOfUnsyncedUsersInClerkAreBoundForAllCallersTogether() {
        List<Answer> answers = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            String user = ClerkEvents.newUserId();
            clerk().put(ClerkEvents.userCreated(user).updatedAt(1_000).data());
            users.add(user);
            answers.add(get("api/me", tokenFor(user)));
        }

        List<Answer> refused = answers.stream().filter(answer -> answer.status() == 429).toList();
        assertFalse(refused.isEmpty(), "a flood of first sign-ins was never refused: " + answers);
        assertTooManyRequests(refused.get(0), 1);
        assertTrue(refused.get(0).json().getString("detail").contains("Clerk lookups"), refused.get(0).toString());
        long fetched = answers.stream().filter(answer -> answer.status() == 200).count();
        assertEquals(FLOOD, fetched + refused.size(), "every answer is 200 or 429: " + answers);
        assertEquals(fetched, clerk().requests().size(), "Clerk was asked once per 200, never for a 429");
        for (int i = 0; i < FLOOD; i++) {
            assertEquals(answers.get(i).status() == 200, db().user(users.get(i)).isPresent(),
                    "a refused lookup stores no row, not even a provisional one");
        }
    }

    @Test
    void theWebhookIsNeverRateLimited() {
        String user = ClerkEvents.newUserId();
        for (int i = 0; i < PER_CALLER * 4; i++) {
            assertEquals("applied", deliver(ClerkEvents.userCreated(user).updatedAt(1_000 + i).json()));
        }
    }

    private static void assertTooManyRequests(Answer answer, long maxRetryAfter) {
        assertEquals(429, answer.status(), answer.toString());
        assertEquals("application/problem+json", answer.contentType().split(";")[0].trim(), answer.toString());
        assertNotNull(answer.retryAfter(), "429 without Retry-After: " + answer);
        long seconds = Long.parseLong(answer.retryAfter());
        assertTrue(seconds >= 1 && seconds <= maxRetryAfter, "Retry-After " + seconds);
        assertEquals(429, answer.json().getInt("status"));
        assertEquals("Too Many Requests", answer.json().getString("title"));
    }

    /** A user synced through a signed webhook, known to the stand-in too. */
    private String syncedUser(String role) {
        String id = ClerkEvents.newUserId();
        ClerkEvents.UserEvent user = ClerkEvents.userCreated(id).role(role).updatedAt(1_000);
        clerk().put(user.data());
        assertEquals("applied", deliver(user.json()));
        return id;
    }

    private String deliver(String body) {
        Answer answer = new Webhooks(base).delivery(body).post();
        assertEquals(200, answer.status(), answer.toString());
        return answer.outcome();
    }

    private Answer get(String path, String token) {
        return Answer.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build());
    }

    private static String tokenFor(String userId) {
        return SessionTokens.forUser(userId).sign();
    }

    private static ClerkBackendStandIn clerk() {
        return TestEnvironment.clerk();
    }

    private static TestDatabase db() {
        return TestEnvironment.database();
    }
}
