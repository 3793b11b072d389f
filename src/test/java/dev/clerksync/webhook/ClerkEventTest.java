package dev.clerksync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clerksync.http.InvalidJsonException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClerkEventTest {

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

        ClerkEvent.UserDeleted deleted = assertInstanceOf(ClerkEvent.UserDeleted.class, event);
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

        assertEquals("new@example.com", ((ClerkEvent.UserChanged) event).user().email());
    }

    @Test
    void userWithoutPrimaryEmailHasNoEmail() {
        ClerkEvent event = parse("""
                {"type":"user.created","data":{"id":"user_1","updated_at":5,"primary_email_address_id":null,
                 "email_addresses":[{"id":"idn_1","email_address":"other@example.com"}]}}""");

        assertNull(((ClerkEvent.UserChanged) event).user().email());
    }

    @Test
    void nonStringRoleInMetadataIsNoRole() {
        ClerkEvent event = parse("""
                {"type":"user.created","data":{"id":"user_1","updated_at":5,"public_metadata":{"role":["admin"]}}}""");

        assertNull(((ClerkEvent.UserChanged) event).user().metadataRole());
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

    private static ClerkEvent parse(String json) {
        return ClerkEvent.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
