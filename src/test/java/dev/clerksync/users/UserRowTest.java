package dev.clerksync.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a row shows of a user, and which Clerk versions it counts as older than itself. */
class UserRowTest {

    private static final Instant CREATED = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @ParameterizedTest(name = "[{0}] [{1}] [{2}] shows as {3}")
    @CsvSource(nullValues = "none", value = {
        "Ada,   Lovelace, ada@example.com,   Ada Lovelace",
        "' Ada ', ' Lovelace ', none,        Ada Lovelace",
        "Ada,   none,     ada@example.com,   Ada",
        "none,  Lovelace, ada@example.com,   Lovelace",
        "'  ',  '',       grace@example.com, grace",
        "none,  none,     grace@example.com, grace",
        "none,  none,     grace,             grace",
        "none,  none,     @example.com,      User",
        "none,  none,     none,              User"})
    void displayNameIsTheNamesElseTheEmailLocalPartElseUser(String first, String last, String email,
            String displayName) {
        assertEquals(displayName, UserRow.displayName(first, last, email));
    }

    @ParameterizedTest(name = "local part of [{0}] is {1}")
    @CsvSource(nullValues = "none", value = {
        "ada@example.com,    ada",
        "first.last+tag@x.y, first.last+tag",
        "no-at-sign,         no-at-sign",
        "@example.com,       none",
        "'  @example.com',   none",
        "none,               none"})
    void localPartIsWhatComesBeforeTheAt(String email, String localPart) {
        assertEquals(localPart, UserRow.localPart(email));
    }

    @ParameterizedTest(name = "version {0} ms against a row at 20 ms is older: {1}")
    @CsvSource({"10, true", "19, true", "20, false", "21, false"})
    void onlyAVersionBeforeTheRowsIsOlder(long versionMillis, boolean older) {
        UserRow row = mirrored(20);

        assertEquals(older, row.isNewerThan(Instant.ofEpochMilli(versionMillis)));
    }

    @Test
    void nothingIsOlderThanAProvisionalRow() {
        assertFalse(UserRow.provisional("user_a", "user", "user", NOW).isNewerThan(Instant.EPOCH));
    }

    @Test
    void provisionalRowIsANewUserWithTheGivenUsernameAndRoleAndNoClerkState() {
        UserRow row = UserRow.provisional("user_a", "user2", "member", NOW);

        assertTrue(row.provisional());
        assertEquals("New User", row.displayName());
        assertEquals("user2", row.username());
        assertEquals("member", row.role());
        assertEquals("{}", row.publicMetadata());
        assertNull(row.email());
        assertNull(row.clerkUpdatedAt());
    }

    @Test
    void mirroredRowTakesClerksStateWithTheSettledEmailUsernameAndRole() {
        ClerkUser clerk = new ClerkUser("user_a", "ada@example.com", "+15550100", "ada", null, null,
                "https://img.example/ada.png", "{\"plan\":\"pro\"}", null, true, Instant.ofEpochMilli(5),
                Instant.ofEpochMilli(1), Instant.ofEpochMilli(20));

        UserRow row = UserRow.mirror(clerk, null, "ada2", "user", CREATED, NOW);

        assertNull(row.email(), "the email the sync settled on, not Clerk's");
        assertEquals("ada2", row.username());
        assertEquals("ada", row.displayName(), "from Clerk's email, even when the row may not hold it");
        assertEquals("+15550100", row.phoneNumber());
        assertTrue(row.banned());
        assertFalse(row.provisional());
        assertEquals(Instant.ofEpochMilli(20), row.clerkUpdatedAt());
        assertEquals(CREATED, row.createdAt());
        assertEquals(NOW, row.updatedAt());
    }

    @Test
    void rowWithoutItsEmailKeepsEverythingElse() {
        UserRow row = mirrored(20);

        UserRow without = row.withoutEmail(NOW.plusSeconds(1));

        assertNull(without.email());
        assertNull(without.emailKey());
        assertEquals(NOW.plusSeconds(1), without.updatedAt());
        assertEquals(row, new UserRow(without.id(), row.email(), without.username(), without.firstName(),
                without.lastName(), without.displayName(), without.imageUrl(), without.phoneNumber(), without.role(),
                without.publicMetadata(), without.banned(), without.lastSignInAt(), without.clerkCreatedAt(),
                without.clerkUpdatedAt(), without.provisional(), without.createdAt(), row.updatedAt()));
    }

    @Test
    void keysAreTheFoldedEmailAndUsername() {
        UserRow row = UserRow.mirror(clerk("Ada@Example.COM", 20), "Ada@Example.COM", "ΣΣΣ", "user", CREATED, NOW);

        assertEquals("ada@example.com", row.emailKey());
        assertEquals("σσς", row.usernameKey());
    }

    private static UserRow mirrored(long updatedAtMillis) {
        ClerkUser clerk = clerk("ada@example.com", updatedAtMillis);
        return UserRow.mirror(clerk, clerk.email(), "ada", "user", CREATED, NOW);
    }

    private static ClerkUser clerk(String email, long updatedAtMillis) {
        return new ClerkUser("user_a", email, null, null, "Ada", "Lovelace", null, "{}", null, false, null, null,
                Instant.ofEpochMilli(updatedAtMillis));
    }
}
