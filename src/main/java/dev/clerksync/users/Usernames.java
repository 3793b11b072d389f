package dev.clerksync.users;

/** How a username is derived from Clerk's user, before it is made unique with a numeric suffix. */
final class Usernames {

    static final String FALLBACK = "user";
    // Long enough for any real username or email local part, short enough to keep suffixes readable.
    private static final int MAX_BASE_LENGTH = 64;

    private Usernames() {
    }

    /** Clerk's username, else the email's local part, else "user"; at most 64 characters. */
    static String base(ClerkUser clerk) {
        String base;
        if (clerk.username() != null && !clerk.username().isBlank()) {
            base = clerk.username().trim();
        } else {
            String localPart = UserRow.localPart(clerk.email());
            base = localPart == null ? FALLBACK : localPart;
        }
        return base.length() > MAX_BASE_LENGTH ? base.substring(0, MAX_BASE_LENGTH) : base;
    }

    /** True when {@code username} is {@code base} (any case) or {@code base} and digits. */
    static boolean derivesFrom(String username, String base) {
        if (username == null || !username.regionMatches(true, 0, base, 0, base.length())) {
            return false;
        }
        String suffix = username.substring(base.length());
        return suffix.isEmpty() || suffix.chars().allMatch(Character::isDigit);
    }
}
