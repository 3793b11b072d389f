package dev.clerksync.users;

import java.time.Instant;

/**
 * The parts of Clerk's User object that clerk-sync keeps: what the sync rules decide on. How it is
 * read from Clerk's JSON belongs to the Clerk side ({@code clerk/ClerkUserJson}), so the user
 * model depends on none of the ways users arrive.
 *
 * @param email           the primary email address, or null (phone, username or web3 sign-ups)
 * @param phoneNumber     the primary phone number, or null
 * @param username        Clerk's username, or null
 * @param publicMetadata  {@code public_metadata} as JSON text, {@code {}} when absent
 * @param metadataRole    {@code public_metadata.role} when it is a string, else null
 * @param updatedAt       Clerk's version of the user: the ordering key
 */
public record ClerkUser(
        String id,
        String email,
        String phoneNumber,
        String username,
        String firstName,
        String lastName,
        String imageUrl,
        String publicMetadata,
        String metadataRole,
        boolean banned,
        Instant lastSignInAt,
        Instant createdAt,
        Instant updatedAt) {

}
