package dev.clerksync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogValuesTest {

    @Test
    void shortPrintableValueIsKeptAsItIs() {
        assertEquals("msg_2LOTDH7tTq2hbK3ZQv6ytEJQ3pH", LogValues.of("msg_2LOTDH7tTq2hbK3ZQv6ytEJQ3pH"));
        assertEquals("Işıl.ÇİFTÇİ@a.example ΣΣΣ", LogValues.of("Işıl.ÇİFTÇİ@a.example ΣΣΣ"));
    }

    @Test
    void nullIsWrittenAsNull() {
        assertEquals("null", LogValues.of(null));
    }

    @Test
    void valueOver100CharactersIsCutWithAnEllipsis() {
        assertEquals("a".repeat(100) + "…", LogValues.of("a".repeat(7 * 1024)));
        assertEquals("a".repeat(100), LogValues.of("a".repeat(100)));
    }

    @Test
    void controlAndFormattingCharactersAreReplaced() {
        assertEquals("a??b?c?d?e?f", LogValues.of("a\r\nb\u0000c\u001bd\u202ee\u2028f"));
    }

    @Test
    void cutNeverSplitsASurrogatePair() {
        String value = "a".repeat(99) + "😀" + "b";

        assertEquals("a".repeat(99) + "…", LogValues.of(value));
    }
}
