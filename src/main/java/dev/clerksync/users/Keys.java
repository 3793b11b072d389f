package dev.clerksync.users;

import java.util.Locale;

/**
 * The one case-folding rule for emails and usernames. Uniqueness is decided on these keys, in Java
 * and in the database (which stores them beside the values), so the two can never disagree the
 * way Java's and PostgreSQL's {@code lower()} do for some letters.
 */
final class Keys {

    private Keys() {
    }

    /** Upper then lower case, so that letters with several lower-case forms (σ, ς) fold alike. */
    static String fold(String text) {
        if (text == null) {
            return null;
        }
        // Most emails and usernames are ASCII, where the two case changes are one.
        return isAscii(text) ? text.toLowerCase(Locale.ROOT) : text.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
