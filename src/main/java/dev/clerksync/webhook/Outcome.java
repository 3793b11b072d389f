package dev.clerksync.webhook;

import dev.clerksync.sync.SyncOutcome;
import java.util.Locale;

/** What became of one delivery; the lower-case name is both the answer's status and the recorded outcome. */
public enum Outcome {
    APPLIED, STALE, DUPLICATE, IGNORED, FAILED;

    /** A delivery whose own change had {@code outcome}: stale, or else applied. */
    static Outcome of(SyncOutcome outcome) {
        return outcome.applied() ? APPLIED : STALE;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
