package dev.clerksync.users;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who holds which username key as a batch leaves them, and the username a user gets: the one it
 * has while that still derives from the same base, else the base with the smallest numeric suffix
 * no other user holds. The stored rows whose keys merely start with a base are known only for the
 * prefixes read before the decision; a prefix it needs and was not given is noted in
 * {@link #missingPrefixes()}, and the caller reads it and decides again.
 */
final class UsernameHolders {

    private final Map<String, String> holders = new HashMap<>();
    private final Map<String, Map<String, String>> storedByPrefix;
    private final Predicate<String> knownToTheBatch;
    private final Set<String> missingPrefixes = new LinkedHashSet<>();

    /**
     * @param storedByPrefix  for each prefix read, the stored rows whose username key starts with it: user id → key
     * @param knownToTheBatch whether the batch has a user's row (then its key here is the one that counts)
     */
    UsernameHolders(Map<String, Map<String, String>> storedByPrefix, Predicate<String> knownToTheBatch) {
        this.storedByPrefix = storedByPrefix;
        this.knownToTheBatch = knownToTheBatch;
    }

    void hold(String key, String userId) {
        holders.put(key, userId);
    }

    void release(String key, String userId) {
        holders.remove(key, userId);
    }

    /** Keeps {@code before}'s username while it still derives from the same base, else finds a free one. */
    String usernameOf(UserRow before, ClerkUser clerk) {
        String base = Usernames.base(clerk);
        if (before != null && Usernames.derivesFrom(before.username(), base)) {
            return before.username();
        }
        return unique(base, clerk.id());
    }

    /** {@code base}, or {@code base} with the smallest numeric suffix no other user has. */
    String unique(String base, String userId) {
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

    /** The prefixes whose stored holders a decision needed and was not given: empty when every decision stands. */
    Set<String> missingPrefixes() {
        return missingPrefixes;
    }

    /** Other users' username keys starting with {@code prefix}: stored ones, as this batch has left them. */
    private Set<String> keysStartingWith(String prefix, String userId) {
        Set<String> taken = new HashSet<>();
        Map<String, String> stored = storedByPrefix.get(prefix);
        if (stored == null) {
            missingPrefixes.add(prefix);
        } else {
            stored.forEach((id, key) -> {
                if (!knownToTheBatch.test(id)) {
                    taken.add(key);
                }
            });
        }
        holders.forEach((key, id) -> {
            if (key.startsWith(prefix) && !id.equals(userId)) {
                taken.add(key);
            }
        });
        return taken;
    }
}
