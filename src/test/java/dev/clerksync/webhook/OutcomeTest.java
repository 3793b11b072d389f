package dev.clerksync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clerksync.sync.SyncOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A delivery's outcome: from the sync's result, and as the answer and the record spell it. */
class OutcomeTest {

    @ParameterizedTest
    @CsvSource({"CREATED", "UPDATED", "UNCHANGED", "DELETED"})
    void appliedChangeIsAnAppliedDelivery(SyncOutcome outcome) {
        assertEquals(Outcome.APPLIED, Outcome.of(outcome));
    }

    @Test
    void staleChangeIsAStaleDelivery() {
        assertEquals(Outcome.STALE, Outcome.of(SyncOutcome.STALE));
    }

    @ParameterizedTest
    @CsvSource({"APPLIED, applied", "STALE, stale", "DUPLICATE, duplicate", "IGNORED, ignored", "FAILED, failed"})
    void labelIsTheLowerCaseName(Outcome outcome, String label) {
        assertEquals(label, outcome.label());
    }
}
