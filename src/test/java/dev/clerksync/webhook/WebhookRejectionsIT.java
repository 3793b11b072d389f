package dev.clerksync.webhook;

import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static dev.clerksync.fixtures.ClerkEvents.userUpdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.SigningSecrets;
import dev.clerksync.support.DeployedWar;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks.Delivery;
import dev.clerksync.support.Webhooks;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rules 1–3 of {@code POST /webhooks/clerk}: deliveries refused before anything is parsed. Each
 * one targets a user that already exists, and leaves its row and the delivery records untouched.
 */
class WebhookRejectionsIT extends DeployedWar {

    private static final String ORIGINAL_NAME = "Grace";

    private String userId;
    private Map<String, Object> rowBefore;

    @BeforeEach
    void existingUser() {
        userId = newUserId();
        Answer created = webhooks().delivery(userCreated(userId).name(ORIGINAL_NAME, "Hopper").updatedAt(1_000).json())
                .post();
        assertEquals(200, created.status(), created.toString());
        rowBefore = db().user(userId).orElseThrow();
    }

    @Test
    void bodyOverOneMebibyteIsRefusedWith413() {
        String padding = "x".repeat(1024 * 1024);
        String body = userUpdated(userId).name(padding, "Hopper").updatedAt(2_000).json();
        Delivery delivery = webhooks().delivery(body);

        Answer answer = delivery.post();

        assertProblem(413, answer);
        assertNothingChanged(delivery.id());
    }

    @Test
    void bodyOverOneMebibyteIsRefusedEvenWithoutSignatureHeaders() {
        String body = "{" + " ".repeat(1024 * 1024) + "}";
        Delivery delivery = webhooks().delivery(body).without("svix-signature");

        assertProblem(413, delivery.post());
    }

    @ParameterizedTest
    @ValueSource(strings = {"svix-id", "svix-timestamp", "svix-signature"})
    void missingSignatureHeaderIsRefusedWith400(String header) {
        Delivery delivery = webhooks().delivery(renamed()).without(header);

        Answer answer = delivery.post();

        assertProblem(400, answer);
        assertTrue(answer.json().getString("detail").contains(header), answer.toString());
        assertNothingChanged(delivery.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"257 characters", "a space", "a tab"})
    void svixIdThatIsNotUpTo256PrintableCharactersIsRefusedWith400(String kind) {
        String id = switch (kind) {
            case "257 characters" -> "msg_" + "a".repeat(253);
            case "a space" -> "msg_a b";
            default -> "msg_a\tb";
        };
        Delivery delivery = webhooks().delivery(renamed()).id(id);

        Answer answer = delivery.post();

        assertProblem(400, answer);
        assertNothingChanged(delivery.id());
    }

    @Test
    void svixIdOf256CharactersIsAccepted() {
        Answer answer = webhooks().delivery(renamed()).id("msg_" + "a".repeat(252)).post();

        assertEquals(200, answer.status(), answer.toString());
    }

    @Test
    void standardWebhooksHeaderNamesAreAccepted() {
        Answer answer = webhooks().delivery(renamed()).withWebhookHeaderNames().post();

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("applied", answer.outcome());
    }

    @Test
    void deliverySignedWithThePreviousSecretPassesDuringRotation() {
        Answer answer = webhooks().delivery(renamed()).signedWith(TestEnvironment.PREVIOUS_SIGNING_SECRET).post();

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("Renamed", db().user(userId).orElseThrow().get("first_name"));
    }

    static Stream<Arguments> forgedDeliveries() {
        long now = Instant.now().getEpochSecond();
        return Stream.of(
                Arguments.of("signed with another secret",
                        (UnaryOperator<Delivery>) d -> d.signedWith(SigningSecrets.newSecret())),
                Arguments.of("body changed after signing", (UnaryOperator<Delivery>) Delivery::tampered),
                Arguments.of("timestamp 6 minutes old", (UnaryOperator<Delivery>) d -> d.timestamp(now - 360)),
                Arguments.of("timestamp 6 minutes ahead", (UnaryOperator<Delivery>) d -> d.timestamp(now + 360)),
                Arguments.of("the official known-invalid signature",
                        (UnaryOperator<Delivery>) d -> d.signature("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=")),
                Arguments.of("signature signed for another svix-id",
                        (UnaryOperator<Delivery>) d -> d.signature(d.sign()).id(Webhooks.newMessageId())),
                Arguments.of("not a signature at all", (UnaryOperator<Delivery>) d -> d.signature("garbage")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedDeliveries")
    void forgedOrExpiredDeliveryIsRefusedWith401(String description, UnaryOperator<Delivery> forge) {
        Delivery delivery = forge.apply(webhooks().delivery(renamed()));

        Answer answer = delivery.post();

        assertProblem(401, answer);
        assertNothingChanged(delivery.id());
    }

    @Test
    void severalSignaturesPassWhenOneOfThemMatches() {
        String invalid = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
        Delivery delivery = webhooks().delivery(renamed());
        delivery.signature(invalid + " v2," + invalid.substring(3) + " " + delivery.sign() + " " + invalid);

        Answer answer = delivery.post();

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("Renamed", db().user(userId).orElseThrow().get("first_name"));
    }

    private String renamed() {
        return userUpdated(userId).name("Renamed", "Hopper").updatedAt(2_000).json();
    }

    private void assertNothingChanged(String svixId) {
        assertEquals(rowBefore, db().user(userId).orElseThrow());
        assertEquals(0, db().count("select count(*) from webhook_events where svix_id = ?", svixId));
    }

    private static void assertProblem(int status, Answer answer) {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals("application/problem+json", answer.contentType().split(";")[0]);
        assertEquals(status, answer.json().getInt("status"));
        assertFalse(answer.json().getString("title").isBlank());
        assertFalse(answer.body().contains("Exception"), answer.body());
    }
}
