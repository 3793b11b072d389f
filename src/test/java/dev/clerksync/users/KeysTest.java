package dev.clerksync.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The one case-folding rule that decides when two emails or usernames are the same. */
class KeysTest {

    @Test
    void asciiTextIsLowerCased() {
        assertEquals("ada.lovelace@example.com", Keys.fold("Ada.Lovelace@EXAMPLE.com"));
    }

    @Test
    void noTextHasNoKey() {
        assertNull(Keys.fold(null));
    }

    @Test
    void foldingDoesNotDependOnTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertEquals("ivan", Keys.fold("IVAN"), "ASCII: a Turkish default locale would give a dotless ı");
            assertEquals("ivané", Keys.fold("IVANÉ"), "non-ASCII: the same");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void greekSigmaInAnyFormFoldsAlike() {
        assertEquals(Keys.fold("ΣΣΣ"), Keys.fold("σσς"));
        assertEquals(Keys.fold("ΣΣΣ"), Keys.fold("σσσ"));
    }

    @Test
    void greekFinalSigmaIsKeptAtTheEndOfAWord() {
        assertEquals("σσς", Keys.fold("ΣΣΣ"));
    }

    @Test
    void dotlessIFoldsWithPlainI() {
        assertEquals(Keys.fold("I"), Keys.fold("ı"));
        assertEquals("irmak", Keys.fold("ırmak"));
    }

    @Test
    void dottedCapitalIStaysApartFromPlainI() {
        assertNotEquals(Keys.fold("i"), Keys.fold("İ"));
        assertEquals("i\u0307", Keys.fold("İ"));
    }

    @Test
    void sharpSFoldsWithDoubleS() {
        assertEquals(Keys.fold("STRASSE"), Keys.fold("Straße"));
        assertEquals("strasse", Keys.fold("Straße"));
    }
}
