package dev.clerksync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The preload's settings: nothing unless asked, and no combination whose figures would mean nothing. */
class PreloadTest {

    @Test
    void blankSettingsPreloadNothing() {
        Preload preload = Preload.parse("", "", "");
        assertEquals(Preload.NONE, preload);
        assertFalse(preload.any());
        assertEquals("", preload.toString());
    }

    @Test
    void readsCountsAndTheCompareMode() {
        Preload preload = Preload.parse("1000000", " 10000000 ", "Compare");
        assertEquals(new Preload(1_000_000, 10_000_000, true), preload);
        assertTrue(preload.any());
        assertEquals(" preload=compare preloadUsers=1000000 preloadEvents=10000000", preload.toString());
    }

    @Test
    void fullIsTheDefaultMode() {
        assertFalse(Preload.parse("1000", "0", "").compare());
        assertFalse(Preload.parse("1000", "0", "full").compare());
    }

    @ParameterizedTest(name = "users={0} events={1} mode={2}")
    @CsvSource({
        "-1, 0, full",        // a negative count
        "0, 1000, full",      // records about users that are not there
        "0, 0, compare",      // nothing to compare with
        "1000, 0, grown",     // no such mode
        "many, 0, full",      // not a number
    })
    void refusesSettingsThatMeanNothing(String users, String events, String mode) {
        assertThrows(IllegalArgumentException.class, () -> Preload.parse(users, events, mode));
    }
}
