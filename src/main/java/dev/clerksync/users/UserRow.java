package dev.clerksync.users;

import dev.clerksync.http.JsonFields;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One row of {@code users}, as read and as written by the sync: the one definition of its columns'
 * values ({@link UserRepository} names each column once, in this order).
 */
record UserRow(
        String id,
        String email,
        String username,
        String firstName,
        String lastName,
        String displayName,
        String imageUrl,
        String phoneNumber,
        String role,
        String publicMetadata,
        boolean banned,
        Instant lastSignInAt,
        Instant clerkCreatedAt,
        Instant clerkUpdatedAt,
        boolean provisional,
        Instant createdAt,
        Instant updatedAt) {

    private static final String DEFAULT_DISPLAY_NAME = "User";
    private static final String PROVISIONAL_DISPLAY_NAME = "New User";

    /** Clerk's state, with the email, username and role the sync settled on. */
    static UserRow mirror(ClerkUser clerk, String email, String username, String role, Instant createdAt,
            Instant now) {
        return new UserRow(clerk.id(), email, username, clerk.firstName(), clerk.lastName(),
                displayName(clerk.firstName(), clerk.lastName(), clerk.email()), clerk.imageUrl(),
                clerk.phoneNumber(), role, clerk.publicMetadata(), clerk.banned(), clerk.lastSignInAt(),
                clerk.createdAt(), clerk.updatedAt(), false, createdAt, now);
    }

    /** A placeholder for a signed-in user Clerk could not tell us about yet; any event overwrites it. */
    static UserRow provisional(String id, String username, String role, Instant now) {
        return new UserRow(id, null, username, null, null, PROVISIONAL_DISPLAY_NAME, null, null, role, "{}",
                false, null, null, null, true, now, now);
    }

    /**
     * True when {@code version} is older than what this row holds. A provisional row has no
     * Clerk version, so nothing is stale against it.
     */
    boolean isNewerThan(Instant version) {
        return !provisional && clerkUpdatedAt != null && version.isBefore(clerkUpdatedAt);
    }

    /** The same row after another user with a newer Clerk state took its email. */
    UserRow withoutEmail(Instant now) {
        return copy(null, publicMetadata, now);
    }

    /**
     * Equal in everything Clerk or the sync decides. {@code public_metadata} is compared as JSON, not
     * as text: PostgreSQL hands jsonb back with its own spacing and key order.
     */
    boolean sameApartFromWriteTime(UserRow other) {
        return copy(email, null, null).equals(other.copy(other.email, null, null))
                && sameJson(publicMetadata, other.publicMetadata);
    }

    private UserRow copy(String newEmail, String newMetadata, Instant newUpdatedAt) {
        return new UserRow(id, newEmail, username, firstName, lastName, displayName, imageUrl, phoneNumber, role,
                newMetadata, banned, lastSignInAt, clerkCreatedAt, clerkUpdatedAt, provisional, createdAt,
                newUpdatedAt);
    }

    private static boolean sameJson(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(b) || parse(a).equals(parse(b));
    }

    private static Object parse(String json) {
        return JsonFields.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    String emailKey() {
        return Keys.fold(email);
    }

    String usernameKey() {
        return Keys.fold(username);
    }

    UserView view() {
        return new UserView(id, email, username, firstName, lastName, displayName, imageUrl, phoneNumber, role,
                provisional);
    }

    /** "First Last", else the email's local part, else "User". */
    static String displayName(String firstName, String lastName, String email) {
        String name = (blankToEmpty(firstName) + " " + blankToEmpty(lastName)).trim();
        if (!name.isEmpty()) {
            return name;
        }
        String localPart = localPart(email);
        return localPart == null ? DEFAULT_DISPLAY_NAME : localPart;
    }

    static String localPart(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        String local = at < 0 ? email : email.substring(0, at);
        return local.isBlank() ? null : local;
    }

    private static String blankToEmpty(String text) {
        return text == null ? "" : text.trim();
    }
}
