package dev.clerksync.users;

import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static dev.clerksync.fixtures.ClerkEvents.userUpdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.clerksync.support.DeployedWar;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How Clerk's user object becomes a {@code users} row: the contract's column rules. */
class UserMirroringIT extends DeployedWar {

    private String userId;
    private String unique;

    @BeforeEach
    void aFreshUser() {
        userId = newUserId();
        unique = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void phoneOnlyUserIsStoredWithoutEmail() {
        apply(userCreated(userId).email(null).phone("+15555550123").name(null, null).updatedAt(1_000).json());

        Map<String, Object> row = row(userId);
        assertNull(row.get("email"));
        assertEquals("+15555550123", row.get("phone_number"));
        assertEquals("User", row.get("display_name"));
    }

    @Test
    void displayNameIsFirstAndLastName() {
        apply(userCreated(userId).name("Grace", "Hopper").updatedAt(1_000).json());

        assertEquals("Grace Hopper", row(userId).get("display_name"));
    }

    @Test
    void displayNameIsTheFirstNameAloneWhenThereIsNoLastName() {
        apply(userCreated(userId).name("Grace", null).updatedAt(1_000).json());

        assertEquals("Grace", row(userId).get("display_name"));
    }

    @Test
    void displayNameFallsBackToTheEmailLocalPart() {
        apply(userCreated(userId).name(null, null).email("grace." + unique + "@example.com").updatedAt(1_000).json());

        assertEquals("grace." + unique, row(userId).get("display_name"));
    }

    @Test
    void usernamesWhoseCaseFoldingDiffersBetweenJavaAndPostgresqlStillGetTwoRows() {
        String second = newUserId();

        apply(userCreated(userId).username("ΣΣΣ").updatedAt(1_000).json());
        apply(userCreated(second).username("ΣΣΣ").updatedAt(1_000).json());

        assertEquals("ΣΣΣ", row(userId).get("username"));
        assertNotEquals("ΣΣΣ", row(second).get("username"));
    }

    @Test
    void emailsWhoseLocalPartsFoldAlikeOnlyInJavaStillGetTwoRows() {
        String second = newUserId();

        apply(userCreated(userId).email("Işıl.ÇİFTÇİ@a.example").username(null).updatedAt(1_000).json());
        apply(userCreated(second).email("Işıl.ÇİFTÇİ@b.example").username(null).updatedAt(1_000).json());

        assertEquals("Işıl.ÇİFTÇİ@a.example", row(userId).get("email"));
        assertEquals("Işıl.ÇİFTÇİ@b.example", row(second).get("email"));
        assertNotEquals(row(userId).get("username"), row(second).get("username"));
    }

    @Test
    void usernameIsClerksUsernameWhenSet() {
        apply(userCreated(userId).username("grace_" + unique).updatedAt(1_000).json());

        assertEquals("grace_" + unique, row(userId).get("username"));
    }

    @Test
    void usernameFallsBackToTheEmailLocalPart() {
        apply(userCreated(userId).email("hopper" + unique + "@example.com").updatedAt(1_000).json());

        assertEquals("hopper" + unique, row(userId).get("username"));
    }

    @Test
    void usernameGetsANumericSuffixOnCollision() {
        String first = newUserId();
        String second = newUserId();
        String third = newUserId();
        apply(userCreated(first).email("dup" + unique + "@one.example").updatedAt(1_000).json());
        apply(userCreated(second).email("dup" + unique + "@two.example").updatedAt(1_000).json());
        apply(userCreated(third).username("DUP" + unique).updatedAt(1_000).json());

        assertEquals("dup" + unique, row(first).get("username"));
        assertEquals("dup" + unique + "2", row(second).get("username"));
        assertEquals("DUP" + unique + "3", row(third).get("username"));
    }

    @Test
    void usernameIsKeptAcrossUpdatesThatDoNotChangeIt() {
        String first = newUserId();
        apply(userCreated(first).email("keep" + unique + "@one.example").updatedAt(1_000).json());
        apply(userCreated(userId).email("keep" + unique + "@two.example").updatedAt(1_000).json());

        apply(userUpdated(userId).email("keep" + unique + "@two.example").name("New", "Name").updatedAt(2_000).json());

        assertEquals("keep" + unique + "2", row(userId).get("username"));
    }

    @Test
    void userWithoutUsernameOrEmailIsCalledUser() {
        apply(userCreated(userId).email(null).phone("+15555550999").updatedAt(1_000).json());

        assertEquals(true, row(userId).get("username").toString().matches("user[0-9]*"));
    }

    @Test
    void roleComesFromPublicMetadataWhenAllowed() {
        apply(userCreated(userId).role("admin").updatedAt(1_000).json());

        assertEquals("admin", row(userId).get("role"));
    }

    @Test
    void unknownRoleInPublicMetadataFallsBackToTheDefaultRole() {
        apply(userCreated(userId).role("superuser").updatedAt(1_000).json());

        assertEquals("user", row(userId).get("role"));
    }

    @Test
    void emailStillHeldByAnotherRowIsTakenFromThatStaleRow() {
        String previousHolder = newUserId();
        String email = "moved" + unique + "@example.com";
        apply(userCreated(previousHolder).email(email).updatedAt(1_000).json());

        apply(userCreated(userId).email(email.toUpperCase()).updatedAt(2_000).json());

        assertEquals(email.toUpperCase(), row(userId).get("email"));
        assertNull(row(previousHolder).get("email"));
    }

    @Test
    void emailHeldByANewerRowStaysThereAndTheLateEventIsStoredWithoutIt() {
        String newerHolder = newUserId();
        String email = "kept" + unique + "@example.com";
        apply(userCreated(newerHolder).email(email).updatedAt(5_000).json());

        apply(userCreated(userId).email(email).updatedAt(1_000).json());

        assertEquals(email, row(newerHolder).get("email"));
        assertNull(row(userId).get("email"));
        assertNotEquals(null, row(userId).get("username"));
    }

    @Test
    void bannedFlagAndClerkTimesAreStored() {
        apply(userCreated(userId).banned().updatedAt(1_700_000_000_000L).json());

        Map<String, Object> row = row(userId);
        assertEquals(true, row.get("banned"));
        assertEquals(1, db().count(
                "select count(*) from users where id = ? and clerk_updated_at = to_timestamp(1700000000)"
                        + " and clerk_created_at = to_timestamp(1654012591.514)", userId));
    }

    private void apply(String body) {
        assertEquals("applied", deliver(body));
    }

    private static Map<String, Object> row(String id) {
        return db().user(id).orElseThrow();
    }
}
