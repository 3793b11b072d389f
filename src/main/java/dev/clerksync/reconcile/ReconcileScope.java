package dev.clerksync.reconcile;

import java.util.Locale;
import java.util.Optional;

/** Which of Clerk's lists a reconcile run walks: {@code users} (the default), {@code organizations} or {@code all}. */
public enum ReconcileScope {
    USERS, ORGANIZATIONS, ALL;

    /** Whether the run walks the user list. */
    boolean users() {
        return this != ORGANIZATIONS;
    }

    /** Whether the run walks the organization and membership lists. */
    boolean organizations() {
        return this != USERS;
    }

    /** The scope's name in requests and answers. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope a request names, if it names one of ours (case matters, as for every key of the API). */
    static Optional<ReconcileScope> of(String key) {
        for (ReconcileScope scope : values()) {
            if (scope.key().equals(key)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
