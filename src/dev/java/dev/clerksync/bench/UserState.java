package dev.clerksync.bench;

/**
 * What the server should hold for a user after applying one event: the fields the state check
 * compares, or nothing at all once the user is deleted.
 *
 * @param role      {@code public_metadata.role}, null when the user has none
 * @param updatedAt Clerk's {@code updated_at} of that version, in milliseconds (0 once deleted)
 */
public record UserState(boolean deleted, String email, String firstName, String lastName, String role,
        long updatedAt) {

    static final UserState DELETED = new UserState(true, null, null, null, null, 0);
}
