package dev.clerksync.users;

/** A user as our responses show it (camelCase JSON). */
public record UserView(String id, String email, String username, String firstName, String lastName,
        String displayName, String imageUrl, String phoneNumber, String role, boolean provisional) {
}
