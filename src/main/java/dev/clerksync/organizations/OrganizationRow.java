package dev.clerksync.organizations;

import java.time.Instant;

/**
 * One row of {@code organizations}: Clerk's Organization as stored. {@code slug} is null while a
 * newer organization holds it. Clerk's {@code private_metadata} is never stored.
 */
public record OrganizationRow(String id, String name, String slug, String imageUrl, String publicMetadata,
        Integer maxAllowedMemberships, String createdBy, Instant clerkCreatedAt, Instant clerkUpdatedAt) {

    OrganizationRow withoutSlug() {
        return new OrganizationRow(id, name, null, imageUrl, publicMetadata, maxAllowedMemberships, createdBy,
                clerkCreatedAt, clerkUpdatedAt);
    }

    boolean isNewerThan(Instant version) {
        return clerkUpdatedAt.isAfter(version);
    }
}
