package dev.clerksync.webhook;

import dev.clerksync.users.SyncResult;
import java.util.Locale;

/** What became of one delivery; the lower-case name is both the answer's status and the recorded outcome. */
public enum Outcome {
    APPLIED, STALE, DUPLICATE, IGNORED, FAILED;

    static Outcome of(SyncResult result) {
        return result == SyncResult.APPLIED ? APPLIED : STALE;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
