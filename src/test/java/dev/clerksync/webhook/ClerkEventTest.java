package dev.clerksync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clerksync.http.InvalidJsonException;
import dev.clerksync.users.ClerkUser;
import dev.clerksync.users.UserChange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClerkEventTest {

    // The users' kind as the composition root registers it; no test here applies a change.
    private static final EventTypes EVENTS = new EventTypes();

    static {
        UserEvents.register(EVENTS, candidates -> {
            throw new AssertionError("nothing is applied here");
        });
    }

    @Test
    void envelopeTimestampInMillisecondsIsTakenAsIs() {
        assertEquals(Instant.ofEpochMilli(1_661_861_640_000L), ClerkEvent.deletionTime(1_661_861_640_000L));
    }

    @Test
    void envelopeTimestampInSecondsIsTheEndOfThatSecond() {
        assertEquals(Instant.parse("2024-05-28T08:00:00.999Z"), ClerkEvent.deletionTime(1_716_883_200L));
    }

    @Test
    void userDeletedCarriesItsIdAndTime() {
        ClerkEvent event = parse("{\"type\":\"user.deleted\",\"timestamp\":1661861640000,"
                + "\"data\":{\"id\":\"user_1\",\"object\":\"user\",\"deleted\":true}}");

        UserChange.Delete deleted = deletion(event);
        assertEquals("user_1", deleted.userId());
        assertEquals(Instant.ofEpochMilli(1_661_861_640_000L), deleted.deletedAt());
    }

    @Test
    void primaryEmailIsTheEntryNamedByPrimaryEmailAddressId() {
        ClerkEvent event = parse("""
                {"type":"user.updated","data":{"id":"user_1","updated_at":5,
                 "primary_email_address_id":"idn_2",
                 "email_addresses":[{"id":"idn_1","email_address":"old@example.com"},
                                    {"id":"idn_2","email_address":"new@example.com"}]}}""");

        assertEquals("new@example.com", mirrored(event).email());
    }

    @Test
    void userWithoutPrimaryEmailHasNoEmail() {
        ClerkEvent event = parse("""
                {"type":"user.created","data":{"id":"user_1","updated_at":5,"primary_email_address_id":null,
                 "email_addresses":[{"id":"idn_1","email_address":"other@example.com"}]}}""");

        assertNull(mirrored(event).email());
    }

    @Test
    void nonStringRoleInMetadataIsNoRole() {
        ClerkEvent event = parse("""
                {"type":"user.created","data":{"id":"user_1","updated_at":5,"public_metadata":{"role":["admin"]}}}""");

        assertNull(mirrored(event).metadataRole());
    }

    @Test
    void otherTypesAreKeptWithTheirDataId() {
        ClerkEvent event = parse("{\"type\":\"session.created\",\"data\":{\"id\":\"sess_1\"}}");

        assertEquals(new ClerkEvent.Other("session.created", "sess_1"), event);
    }

    @Test
    void wrongTypeIsReportedWithItsPath() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> parse(
                "{\"type\":\"user.created\",\"data\":{\"id\":\"user_1\",\"updated_at\":5,\"banned\":\"no\"}}"));

        assertEquals("data.banned must be true or false", e.getMessage());
    }

    @Test
    void fractionalTimestampIsRejected() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> parse(
                "{\"type\":\"user.created\",\"data\":{\"id\":\"user_1\",\"updated_at\":5.5}}"));

        assertEquals("data.updated_at must be a whole number", e.getMessage());
    }

    @Test
    void largestTimestampInSecondsIsStillSeconds() {
        assertEquals(Instant.ofEpochSecond(99_999_999_999L).plusMillis(999), ClerkEvent.deletionTime(99_999_999_999L));
    }

    @Test
    void smallestTimestampInMillisecondsIsMilliseconds() {
        assertEquals(Instant.ofEpochMilli(100_000_000_000L), ClerkEvent.deletionTime(100_000_000_000L));
    }

    @Test
    void userDeletedWithATimestampInSecondsIsDeletedAtTheEndOfThatSecond() {
        ClerkEvent event = parse("{\"type\":\"user.deleted\",\"timestamp\":1716883200,\"data\":{\"id\":\"user_1\"}}");

        assertEquals(Instant.parse("2024-05-28T08:00:00.999Z"), deletion(event).deletedAt());
    }

    @Test
    void userDeletedWithoutATimestampIsRefused() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class,
                () -> parse("{\"type\":\"user.deleted\",\"data\":{\"id\":\"user_1\"}}"));

        assertEquals("event.timestamp is missing; it must be a number", e.getMessage());
    }

    @Test
    void createdAndUpdatedEventsKeepTheirType() {
        assertEquals("user.created", parse("{\"type\":\"user.created\",\"data\":{\"id\":\"user_1\",\"updated_at\":5}}").type());
        assertEquals("user.updated", parse("{\"type\":\"user.updated\",\"data\":{\"id\":\"user_1\",\"updated_at\":5}}").type());
    }

    @Test
    void otherTypesNeedNoDataId() {
        assertEquals(new ClerkEvent.Other("email.created", null),
                parse("{\"type\":\"email.created\",\"data\":{}}"));
    }

    @Test
    void unusableBodyIsReadAsMalformedWithItsTypeAndReason() {
        ClerkEvent event = ClerkEvent.read(
                "{\"type\":\"user.created\",\"data\":{\"updated_at\":5}}".getBytes(StandardCharsets.UTF_8), EVENTS);

        assertEquals(new ClerkEvent.Malformed("user.created", "data.id is missing; it must be a string"), event);
        assertNull(event.objectId());
    }

    @Test
    void bodyThatIsNoJsonIsReadAsMalformedWithoutAType() {
        ClerkEvent event = ClerkEvent.read("not json".getBytes(StandardCharsets.UTF_8), EVENTS);

        assertEquals(new ClerkEvent.Malformed(null, "the body is not valid JSON"), event);
    }

    @Test
    void eventWithoutDataIsMalformed() {
        ClerkEvent event = ClerkEvent.read("{\"type\":\"user.updated\"}".getBytes(StandardCharsets.UTF_8), EVENTS);

        assertEquals(new ClerkEvent.Malformed("user.updated", "event.data is missing; it must be an object"), event);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"../../etc/passwd\"", "\"user_'; drop table users; --\"", "\"user_\"",
            "\"USER_1\"", "\"user_1 \"", "\"user_\u00e9\""})
    void userIdThatIsNoClerkIdIsMalformed(String id) {
        ClerkEvent changed = read("{\"type\":\"user.updated\",\"data\":{\"id\":" + id + ",\"updated_at\":5}}");
        ClerkEvent deleted = read("{\"type\":\"user.deleted\",\"timestamp\":5,\"data\":{\"id\":" + id + "}}");

        assertEquals("data.id must be a Clerk user id (user_ and up to 59 letters or digits)",
                assertInstanceOf(ClerkEvent.Malformed.class, changed).reason());
        assertInstanceOf(ClerkEvent.Malformed.class, deleted);
    }

    @Test
    void userIdOver64CharactersIsMalformed() {
        assertInstanceOf(ClerkEvent.Malformed.class, read("{\"type\":\"user.updated\",\"data\":{\"id\":\"user_"
                + "a".repeat(60) + "\",\"updated_at\":5}}"));
        assertInstanceOf(ClerkEvent.Changes.class, read("{\"type\":\"user.updated\",\"data\":{\"id\":\"user_"
                + "a".repeat(59) + "\",\"updated_at\":5}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "9223372036854775807", "1000000000000000000", "253402300800000", "1e-2147483648",
            "-9223372036854775808"})
    void timeOutsideTheYears1970To9999IsMalformed(String time) {
        assertInstanceOf(ClerkEvent.Malformed.class,
                read("{\"type\":\"user.updated\",\"data\":{\"id\":\"user_1\",\"updated_at\":" + time + "}}"));
        assertInstanceOf(ClerkEvent.Malformed.class, read(
                "{\"type\":\"user.updated\",\"data\":{\"id\":\"user_1\",\"updated_at\":5,\"created_at\":" + time + "}}"));
        assertInstanceOf(ClerkEvent.Malformed.class,
                read("{\"type\":\"user.deleted\",\"timestamp\":" + time + ",\"data\":{\"id\":\"user_1\"}}"));
    }

    @Test
    void lastMillisecondOfTheYear9999IsATime() {
        ClerkEvent event = parse("{\"type\":\"user.updated\",\"data\":{\"id\":\"user_1\",\"updated_at\":253402300799999}}");

        assertEquals(Instant.parse("9999-12-31T23:59:59.999Z"), mirrored(event).updatedAt());
    }

    @Test
    void emailOver320CharactersAndUsernameOver256AreMalformed() {
        String email = "a".repeat(310) + "@example.com";
        assertInstanceOf(ClerkEvent.Malformed.class, read("{\"type\":\"user.created\",\"data\":{\"id\":\"user_1\","
                + "\"updated_at\":5,\"primary_email_address_id\":\"e\",\"email_addresses\":[{\"id\":\"e\","
                + "\"email_address\":\"" + email + "\"}]}}"));
        assertInstanceOf(ClerkEvent.Malformed.class, read("{\"type\":\"user.created\",\"data\":{\"id\":\"user_1\","
                + "\"updated_at\":5,\"username\":\"" + "u".repeat(257) + "\"}}"));
    }

    @Test
    void ignoredEventKeepsItsIdOnlyWhenItLooksLikeAClerkId() {
        assertEquals(new ClerkEvent.Other("session.created", null),
                parse("{\"type\":\"session.created\",\"data\":{\"id\":\"../../etc/passwd\"}}"));
    }

    @Test
    void deeplyNestedEventIsMalformed() {
        String deep = "[".repeat(1000) + "]".repeat(1000);

        assertInstanceOf(ClerkEvent.Malformed.class, read("{\"type\":\"user.created\",\"data\":{\"id\":\"user_1\","
                + "\"updated_at\":5,\"public_metadata\":{\"x\":" + deep + "}}}"));
        assertInstanceOf(ClerkEvent.Malformed.class, read("{\"type\":\"user.created\",\"x\":" + deep + "}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E400", "-1e308", "100000000000000000000", "-1", "253402300800000"})
    void envelopeTimestampBeyondAnyClerkCouldSendIsMalformedWhateverTheType(String timestamp) {
        assertInstanceOf(ClerkEvent.Malformed.class, read("{\"type\":\"user.updated\",\"timestamp\":" + timestamp
                + ",\"data\":{\"id\":\"user_1\",\"updated_at\":5}}"));
        assertInstanceOf(ClerkEvent.Malformed.class, read("{\"type\":\"session.created\",\"timestamp\":" + timestamp
                + ",\"data\":{}}"));
    }

    /** The user a user.created or user.updated event mirrors. */
    private static ClerkUser mirrored(ClerkEvent event) {
        ClerkEvent.Changes changes = assertInstanceOf(ClerkEvent.Changes.class, event);
        return assertInstanceOf(UserChange.Mirror.class, changes.changes().get(0).change()).user();
    }

    /** The deletion a user.deleted event asks for. */
    private static UserChange.Delete deletion(ClerkEvent event) {
        ClerkEvent.Changes changes = assertInstanceOf(ClerkEvent.Changes.class, event);
        return assertInstanceOf(UserChange.Delete.class, changes.changes().get(0).change());
    }

    private static ClerkEvent read(String json) {
        return ClerkEvent.read(json.getBytes(StandardCharsets.UTF_8), EVENTS);
    }

    private static ClerkEvent parse(String json) {
        return ClerkEvent.parse(json.getBytes(StandardCharsets.UTF_8), EVENTS);
    }
}
