package dev.clerksync.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The username a user is given before it is made unique with a suffix. */
class UsernamesTest {

    @Test
    void clerksUsernameIsTheBaseWithoutSurroundingSpace() {
        assertEquals("ada", Usernames.base(user("  ada ", "grace@example.com")));
    }

    @Test
    void blankUsernameFallsBackToTheEmailLocalPart() {
        assertEquals("grace", Usernames.base(user("   ", "grace@example.com")));
    }

    @Test
    void noUsernameAndNoEmailGivesTheFallback() {
        assertEquals("user", Usernames.base(user(null, null)));
    }

    @Test
    void emailWithAnEmptyLocalPartGivesTheFallback() {
        assertEquals("user", Usernames.base(user(null, "@example.com")));
    }

    @Test
    void baseIsCutToSixtyFourCharacters() {
        String longName = "a".repeat(60) + "bcdefghij";

        assertEquals("a".repeat(60) + "bcde", Usernames.base(user(longName, null)));
    }

    @Test
    void longEmailLocalPartIsCutToo() {
        assertEquals(64, Usernames.base(user(null, "x".repeat(100) + "@example.com")).length());
    }

    @ParameterizedTest(name = "{0} derives from {1}: {2}")
    @CsvSource({
        "ada,     ada, true",
        "ADA,     ada, true",
        "Ada12,   ada, true",
        "ada2,    ADA, true",
        "adam,    ada, false",
        "ada2x,   ada, false",
        "ada-2,   ada, false",
        "ad,      ada, false",
        "grace,   ada, false"})
    void usernameDerivesFromABaseWhenItIsTheBaseInAnyCaseWithDigitsAfter(String username, String base,
            boolean derives) {
        assertEquals(derives, Usernames.derivesFrom(username, base));
    }

    @Test
    void noUsernameDerivesFromNothing() {
        assertEquals(false, Usernames.derivesFrom(null, "ada"));
    }

    private static ClerkUser user(String username, String email) {
        return new ClerkUser("user_a", email, null, username, null, null, null, "{}", null, false, null, null,
                Instant.ofEpochMilli(1));
    }
}
