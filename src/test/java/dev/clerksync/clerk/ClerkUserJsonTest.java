package dev.clerksync.clerk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clerksync.http.InvalidJsonException;
import dev.clerksync.http.JsonFields;
import dev.clerksync.users.ClerkUser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reading Clerk's User object: which email and phone are the primary ones, what is kept of the
 * metadata, and which shapes are refused with their path. (The event envelope: ClerkEventTest.)
 */
class ClerkUserJsonTest {

    @Test
    void primaryPhoneIsTheEntryNamedByPrimaryPhoneNumberId() {
        ClerkUser user = read("""
                {"id":"user_1","updated_at":5,"primary_phone_number_id":"idn_b",
                 "phone_numbers":[{"id":"idn_a","phone_number":"+15550100"},{"id":"idn_b","phone_number":"+15550199"}]}""");

        assertEquals("+15550199", user.phoneNumber());
    }

    @Test
    void primaryIdThatNamesNoEntryGivesNoEmail() {
        ClerkUser user = read("""
                {"id":"user_1","updated_at":5,"primary_email_address_id":"idn_gone",
                 "email_addresses":[{"id":"idn_a","email_address":"a@example.com"}]}""");

        assertNull(user.email());
    }

    @Test
    void userWithoutEmailListsHasNoEmailAndNoPhone() {
        ClerkUser user = read("{\"id\":\"user_1\",\"updated_at\":5,\"primary_email_address_id\":\"idn_a\"}");

        assertNull(user.email());
        assertNull(user.phoneNumber());
    }

    @Test
    void listEntryThatIsNotAnObjectIsRefusedWithItsPath() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> read(
                "{\"id\":\"user_1\",\"updated_at\":5,\"email_addresses\":[\"a@example.com\"]}"));

        assertEquals("data.email_addresses[0] must be an object", e.getMessage());
    }

    @Test
    void listEntryWithoutItsValueIsRefusedEvenWhenItIsNotThePrimary() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> read("""
                {"id":"user_1","updated_at":5,"primary_email_address_id":"idn_b",
                 "email_addresses":[{"id":"idn_a"},{"id":"idn_b","email_address":"b@example.com"}]}"""));

        assertEquals("data.email_addresses[0].email_address is missing; it must be a string", e.getMessage());
    }

    @Test
    void missingUpdatedAtIsRefused() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> read("{\"id\":\"user_1\"}"));

        assertEquals("data.updated_at is missing; it must be a number", e.getMessage());
    }

    @Test
    void missingIdIsRefused() {
        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> read("{\"updated_at\":5}"));

        assertEquals("data.id is missing; it must be a string", e.getMessage());
    }

    @Test
    void timesAreEpochMilliseconds() {
        ClerkUser user = read("{\"id\":\"user_1\",\"created_at\":1000,\"last_sign_in_at\":2000,\"updated_at\":3000}");

        assertEquals(Instant.ofEpochMilli(1000), user.createdAt());
        assertEquals(Instant.ofEpochMilli(2000), user.lastSignInAt());
        assertEquals(Instant.ofEpochMilli(3000), user.updatedAt());
    }

    @Test
    void absentOptionalFieldsAreNullAndNotBanned() {
        ClerkUser user = read("{\"id\":\"user_1\",\"updated_at\":5,\"first_name\":null}");

        assertNull(user.firstName());
        assertNull(user.username());
        assertNull(user.lastSignInAt());
        assertFalse(user.banned());
    }

    @Test
    void absentMetadataIsAnEmptyObjectWithNoRole() {
        ClerkUser user = read("{\"id\":\"user_1\",\"updated_at\":5}");

        assertEquals("{}", user.publicMetadata());
        assertNull(user.metadataRole());
    }

    @Test
    void metadataIsKeptWholeAndItsStringRoleIsRead() {
        ClerkUser user = read("{\"id\":\"user_1\",\"updated_at\":5,\"public_metadata\":{\"role\":\"admin\",\"plan\":\"pro\"}}");

        assertEquals("admin", user.metadataRole());
        assertEquals("{\"role\":\"admin\",\"plan\":\"pro\"}", user.publicMetadata());
    }

    @Test
    void nulCharactersAreDroppedFromText() {
        ClerkUser user = read("{\"id\":\"user_1\",\"updated_at\":5,\"first_name\":\"A\\u0000da\",\"username\":\"ada\\u0000\"}");

        assertEquals("Ada", user.firstName());
        assertEquals("ada", user.username());
    }

    @Test
    void escapedNulsAreDroppedFromMetadataButAnEscapedBackslashBeforeU0000IsKept() {
        ClerkUser user = read(
                "{\"id\":\"user_1\",\"updated_at\":5,\"public_metadata\":{\"a\":\"x\\u0000y\",\"b\":\"\\\\u0000\"}}");

        assertEquals("{\"a\":\"xy\",\"b\":\"\\\\u0000\"}", user.publicMetadata());
    }

    @ParameterizedTest(name = "{0} is a Clerk user id: {1}")
    @CsvSource({
        "user_2abcXYZ9, true",
        "user_,         false",
        "usr_2abc,      false",
        "user_2a-b,     false",
        "USER_2abc,     false",
        "' user_2abc',  false"})
    void clerkUserIdIsUserAndLettersOrDigits(String id, boolean matches) {
        assertEquals(matches, ClerkUserJson.ID.matcher(id).matches());
    }

    private static ClerkUser read(String json) {
        return ClerkUserJson.fromJson(JsonFields.parseObject(json.getBytes(StandardCharsets.UTF_8)), "data");
    }
}
