package dev.clerksync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The fields of a /proc/<pid>/stat line are counted from the last ')', whatever the command name holds. */
class ProcStatTest {

    @Test
    void readsParentAndCpuTicksOfABackend() {
        ProcStat stat = ProcStat.parse("12229 (postgres) S 12101 12101 12101 0 -1 4194560 8512 0 0 0 731 215 0 0"
                + " 20 0 1 0 1937 226701312 4006 18446744073709551615 1 1 0 0 0 0 4194304 19935232 536890119 0 0 0"
                + " 17 1 0 0 0 0 0");
        assertEquals(new ProcStat(12229, "postgres", 12101, 731, 215), stat);
        assertEquals(946, stat.cpuTicks());
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        ProcStat stat = ProcStat.parse("77 (a (b) c) R 1 77 77 0 -1 0 0 0 0 0 5 6 7 8 20 0 1 0 9");
        assertEquals("a (b) c", stat.command());
        assertEquals(1, stat.parentPid());
        assertEquals(11, stat.cpuTicks());
    }

    @Test
    void refusesALineWithoutACommandName() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("12 S 1 2 3"));
    }
}
