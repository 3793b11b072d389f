package dev.clerksync.users;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who holds which username key as a batch leaves them, and the username a user gets: the one it
 * has while that still derives from the same base, else the base with the smallest numeric suffix
 * no other user holds.
 */
final class UsernameHolders {

    /** The stored rows whose username key starts with a prefix: user id → username key. */
    @FunctionalInterface
    interface Lookup {
        Map<String, String> keysWithPrefix(String prefix) throws SQLException;
    }

    private final Map<String, String> holders = new HashMap<>();
    private final Lookup stored;
    private final Predicate<String> knownToTheBatch;

    /**
     * @param stored          the rows in the database, for suffixes the batch has not loaded
     * @param knownToTheBatch whether the batch has a user's row (then its key here is the one that counts)
     */
    UsernameHolders(Lookup stored, Predicate<String> knownToTheBatch) {
        this.stored = stored;
        this.knownToTheBatch = knownToTheBatch;
    }

    void hold(String key, String userId) {
        holders.put(key, userId);
    }

    void release(String key, String userId) {
        holders.remove(key, userId);
    }

    /** Keeps {@code before}'s username while it still derives from the same base, else finds a free one. */
    String usernameOf(UserRow before, ClerkUser clerk) throws SQLException {
        String base = Usernames.base(clerk);
        if (before != null && Usernames.derivesFrom(before.username(), base)) {
            return before.username();
        }
        return unique(base, clerk.id());
    }

    /** {@code base}, or {@code base} with the smallest numeric suffix no other user has. */
    String unique(String base, String userId) throws SQLException {
        String baseKey = Keys.fold(base);
        String holder = holders.get(baseKey);
        if (holder == null || holder.equals(userId)) {
            return base;
        }
        Set<String> taken = keysStartingWith(baseKey, userId);
        for (int suffix = 2; ; suffix++) {
            String candidate = base + suffix;
            if (!taken.contains(Keys.fold(candidate))) {
                return candidate;
            }
        }
    }

    /** Other users' username keys starting with {@code prefix}: stored ones, as this batch has left them. */
    private Set<String> keysStartingWith(String prefix, String userId) throws SQLException {
        Set<String> taken = new HashSet<>();
        stored.keysWithPrefix(prefix).forEach((id, key) -> {
            if (!knownToTheBatch.test(id)) {
                taken.add(key);
            }
        });
        holders.forEach((key, id) -> {
            if (key.startsWith(prefix) && !id.equals(userId)) {
                taken.add(key);
            }
        });
        return taken;
    }
}
