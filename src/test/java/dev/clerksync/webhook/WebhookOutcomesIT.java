package dev.clerksync.webhook;

import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static dev.clerksync.fixtures.ClerkEvents.userDeleted;
import static dev.clerksync.fixtures.ClerkEvents.userUpdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.support.DeployedWar;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks.Delivery;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules 4–8 of {@code POST /webhooks/clerk}: what a verified delivery does, and what it answers. */
class WebhookOutcomesIT extends DeployedWar {

    private String userId;

    @BeforeEach
    void aFreshUser() {
        userId = newUserId();
    }

    @Test
    void nulCharactersInNamesAndMetadataAreDroppedAndTheEventApplied() {
        String body = userCreated(userId).name("Ada\u0000", "Love\u0000lace").role("admin").updatedAt(1_000).json()
                .replace("\"role\":\"admin\"", "\"role\":\"admin\",\"note\":\"a\\u0000b\"");
        assertTrue(body.contains("\\u0000b"), body);

        Answer answer = webhooks().delivery(body).post();

        assertEquals("applied", answer.outcome(), answer.toString());
        Map<String, Object> row = db().user(userId).orElseThrow();
        assertEquals("Ada Lovelace", row.get("display_name"));
        assertTrue(row.get("public_metadata").toString().contains("\"note\": \"ab\""), row.toString());
    }

    @Test
    void userCreatedIsAppliedAndStoresTheUser() {
        Answer answer = webhooks().delivery(userCreated(userId).email("Ada@Example.com").username("ada")
                .name("Ada", "Lovelace").role("admin").phone("+15555550100").updatedAt(1_000).json()).post();

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("applied", answer.outcome());
        Map<String, Object> row = db().user(userId).orElseThrow();
        assertEquals("Ada@Example.com", row.get("email"));
        assertEquals("ada", row.get("username"));
        assertEquals("Ada Lovelace", row.get("display_name"));
        assertEquals("admin", row.get("role"));
        assertEquals("+15555550100", row.get("phone_number"));
        assertEquals(false, row.get("provisional"));
        assertTrue(row.get("public_metadata").toString().contains("\"role\": \"admin\""), row.toString());
    }

    @Test
    void userUpdatedIsAppliedOverTheStoredRow() {
        post(userCreated(userId).name("Ada", "Lovelace").updatedAt(1_000).json());

        Answer answer = post(userUpdated(userId).name("Ada", "King").updatedAt(2_000).json());

        assertEquals("applied", answer.outcome());
        assertEquals("King", db().user(userId).orElseThrow().get("last_name"));
    }

    @Test
    void sameSvixIdAgainIsDuplicateAndChangesNothing() {
        Delivery first = webhooks().delivery(userCreated(userId).name("Ada", "Lovelace").updatedAt(1_000).json());
        first.post();
        Map<String, Object> before = db().user(userId).orElseThrow();

        Answer again = webhooks().delivery(userCreated(userId).name("Ada", "Lovelace").updatedAt(1_000).json())
                .id(first.id()).post();

        assertEquals(200, again.status());
        assertEquals("duplicate", again.outcome());
        assertEquals(before, db().user(userId).orElseThrow());
        assertEquals(1, db().count("select attempts from webhook_events where svix_id = ?", first.id()));
    }

    @Test
    void sameSvixIdWithADifferentBodyIsDuplicateAndChangesNothing() {
        Delivery first = webhooks().delivery(userCreated(userId).name("Ada", "Lovelace").updatedAt(1_000).json());
        first.post();
        Map<String, Object> before = db().user(userId).orElseThrow();

        Answer other = webhooks().delivery(userUpdated(userId).name("Eve", "Impostor").updatedAt(9_000).json())
                .id(first.id()).post();

        assertEquals("duplicate", other.outcome());
        assertEquals(before, db().user(userId).orElseThrow());
    }

    @Test
    void olderVersionIsStaleAndChangesNothing() {
        post(userCreated(userId).name("Ada", "Lovelace").updatedAt(2_000).json());
        Map<String, Object> before = db().user(userId).orElseThrow();

        Answer answer = post(userUpdated(userId).name("Ada", "Older").updatedAt(1_000).json());

        assertEquals("stale", answer.outcome());
        assertEquals(before, db().user(userId).orElseThrow());
        assertEquals(1, db().count("select count(*) from webhook_events where user_id = ? and outcome = 'stale'",
                userId));
    }

    @Test
    void userDeletedRemovesTheRowAndKeepsATombstone() {
        post(userCreated(userId).updatedAt(1_000).json());

        Answer answer = post(userDeleted(userId, 1_700_000_000_123L));

        assertEquals("applied", answer.outcome());
        assertTrue(db().user(userId).isEmpty());
        assertEquals(1, db().count(
                "select count(*) from user_tombstones where user_id = ? and deleted_at = to_timestamp(1700000000.123)",
                userId));
    }

    @Test
    void userDeletedForAnUnknownUserStillLeavesATombstone() {
        Answer answer = post(userDeleted(userId, 1_700_000_000_000L));

        assertEquals("applied", answer.outcome());
        assertEquals(1, db().count("select count(*) from user_tombstones where user_id = ?", userId));
    }

    @Test
    void otherEventTypeIsIgnoredButRecorded() {
        String body = """
                {"type":"session.created","object":"event","timestamp":1700000000000,
                 "data":{"id":"sess_123","user_id":"%s","object":"session"}}""".formatted(userId);
        Delivery delivery = webhooks().delivery(body);

        Answer answer = delivery.post();

        assertEquals(200, answer.status());
        assertEquals("ignored", answer.outcome());
        assertEquals(1, db().count(
                "select count(*) from webhook_events where svix_id = ? and outcome = 'ignored' and event_type = ?",
                delivery.id(), "session.created"));
        assertEquals("duplicate", webhooks().delivery(body).id(delivery.id()).post().outcome());
    }

    static Stream<Arguments> malformedEvents() {
        return Stream.of(
                Arguments.of("not JSON", (Function<String, String>) id -> "this is not json {"),
                Arguments.of("a JSON array", (Function<String, String>) id -> "[1,2,3]"),
                Arguments.of("no type", (Function<String, String>) id ->
                        userUpdated(id).updatedAt(5_000).json().replace("\"type\":\"user.updated\"", "\"kind\":1")),
                Arguments.of("no data.id", (Function<String, String>) id ->
                        userUpdated(id).updatedAt(5_000).json().replace("\"id\":\"" + id + "\"", "\"uid\":\"x\"")),
                Arguments.of("updated_at a string", (Function<String, String>) id ->
                        userUpdated(id).updatedAt(5_000).json().replace("\"updated_at\":5000", "\"updated_at\":\"5000\"")),
                Arguments.of("no updated_at", (Function<String, String>) id ->
                        userUpdated(id).updatedAt(5_000).json().replace("\"updated_at\":5000,", "")),
                Arguments.of("first_name a number", (Function<String, String>) id ->
                        userUpdated(id).name("Eve", "X").updatedAt(5_000).json().replace("\"Eve\"", "42")),
                Arguments.of("email_addresses an object", (Function<String, String>) id ->
                        userUpdated(id).email(null).updatedAt(5_000).json()
                                .replace("\"email_addresses\":[]", "\"email_addresses\":{}")),
                Arguments.of("data a string", (Function<String, String>) id ->
                        "{\"type\":\"user.updated\",\"data\":\"" + id + "\"}"),
                Arguments.of("user.deleted without timestamp", (Function<String, String>) id ->
                        "{\"type\":\"user.deleted\",\"data\":{\"id\":\"" + id + "\",\"deleted\":true}}"),
                // Hostile but signed: each of these once gave 500 or an endless 503 (issue 9).
                Arguments.of("JSON nested 1000 deep", (Function<String, String>) id -> userUpdated(id).updatedAt(5_000)
                        .json().replace("\"updated_at\":5000", "\"updated_at\":5000,\"x\":" + "[".repeat(1000)
                                + "]".repeat(1000))),
                Arguments.of("public_metadata nested 1000 deep", (Function<String, String>) id -> userUpdated(id)
                        .updatedAt(5_000).json().replace("\"updated_at\":5000", "\"updated_at\":5000,\"public_metadata\":"
                                + "{\"a\":".repeat(1000) + "1" + "}".repeat(1000))),
                Arguments.of("a number of 1100 digits", (Function<String, String>) id -> userUpdated(id).updatedAt(5_000)
                        .json().replace("\"updated_at\":5000", "\"updated_at\":" + "9".repeat(1100))),
                Arguments.of("updated_at 1e-2147483648", (Function<String, String>) id -> userUpdated(id)
                        .updatedAt(5_000).json().replace("\"updated_at\":5000", "\"updated_at\":1e-2147483648")),
                Arguments.of("updated_at Long.MAX_VALUE", (Function<String, String>) id -> userUpdated(id)
                        .updatedAt(Long.MAX_VALUE).json()),
                Arguments.of("updated_at 10^18", (Function<String, String>) id -> userUpdated(id)
                        .updatedAt(1_000_000_000_000_000_000L).json()),
                Arguments.of("envelope timestamp Long.MIN_VALUE", (Function<String, String>) id ->
                        userDeleted(id, Long.MIN_VALUE)),
                Arguments.of("data.id empty", (Function<String, String>) id -> userUpdated(id).updatedAt(5_000).json()
                        .replace("\"id\":\"" + id + "\"", "\"id\":\"\"")),
                Arguments.of("data.id a path", (Function<String, String>) id -> userUpdated(id).updatedAt(5_000).json()
                        .replace("\"id\":\"" + id + "\"", "\"id\":\"../../etc/passwd\"")),
                Arguments.of("data.id SQL", (Function<String, String>) id -> userCreated(id).updatedAt(5_000).json()
                        .replace("\"id\":\"" + id + "\"", "\"id\":\"user_'; drop table users; --\"")),
                Arguments.of("data.id of 3 KB", (Function<String, String>) id -> userCreated(id).updatedAt(5_000).json()
                        .replace("\"id\":\"" + id + "\"", "\"id\":\"user_" + "a".repeat(3000) + "\"")),
                Arguments.of("user.deleted for an id that is no Clerk id", (Function<String, String>) id ->
                        userDeleted(id, 5_000).replace(id, "../" + id)),
                Arguments.of("email of 3 KB", (Function<String, String>) id -> userUpdated(id)
                        .email("a".repeat(3000) + "@example.com").updatedAt(5_000).json()),
                Arguments.of("username of 3 KB", (Function<String, String>) id -> userUpdated(id)
                        .username("u".repeat(3000)).updatedAt(5_000).json()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedEvents")
    void signedButMalformedEventIs400AndRecordedAsFailedWithItsPayload(String description,
            Function<String, String> body) {
        post(userCreated(userId).name("Ada", "Lovelace").updatedAt(1_000).json());
        Map<String, Object> before = db().user(userId).orElseThrow();
        Delivery delivery = webhooks().delivery(body.apply(userId));

        Answer answer = delivery.post();

        assertEquals(400, answer.status(), answer.toString());
        assertEquals("application/problem+json", answer.contentType().split(";")[0]);
        assertFalse(answer.body().contains("Exception"), answer.body());
        assertEquals(before, db().user(userId).orElseThrow());
        Map<String, Object> record = db().query("select * from webhook_events where svix_id = ?", delivery.id()).get(0);
        assertEquals("failed", record.get("outcome"));
        assertEquals(body.apply(userId), record.get("payload"));
        assertFalse(record.get("error").toString().isBlank());
    }

    @Test
    void retriedMalformedEventStays400AndCountsItsAttempts() {
        Delivery delivery = webhooks().delivery("not json");
        delivery.post();

        Answer again = webhooks().delivery("not json").id(delivery.id()).post();

        assertEquals(400, again.status());
        assertEquals(2, db().count("select attempts from webhook_events where svix_id = ?", delivery.id()));
    }

    @Test
    void healthIsUpWhileTheDatabaseAnswers() {
        Answer answer = Answer.send(HttpRequest.newBuilder(URI.create(base + "health")).build());

        assertEquals(200, answer.status());
        assertEquals("UP", answer.outcome());
    }

    @Test
    void unknownPathIsAProblem404() {
        Answer answer = Answer.send(HttpRequest.newBuilder(URI.create(base + "nothing-here")).build());

        assertEquals(404, answer.status());
        assertEquals("application/problem+json", answer.contentType().split(";")[0]);
    }

    @Test
    void getOnTheWebhookIsAProblem405() {
        Answer answer = Answer.send(HttpRequest.newBuilder(webhooks().endpoint()).build());

        assertEquals(405, answer.status());
        assertEquals("application/problem+json", answer.contentType().split(";")[0]);
    }

    private Answer post(String body) {
        Answer answer = webhooks().delivery(body).post();
        assertEquals(200, answer.status(), answer.toString());
        return answer;
    }
}
