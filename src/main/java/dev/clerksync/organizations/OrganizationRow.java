package dev.clerksync.organizations;

import dev.clerksync.http.JsonFields;
import java.nio.charset.StandardCharsets;
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

    /** Equal in everything Clerk sends, {@code public_metadata} compared as JSON (see {@link #sameJson}). */
    boolean sameAs(OrganizationRow other) {
        return other != null && withMetadata(null).equals(other.withMetadata(null))
                && sameJson(publicMetadata, other.publicMetadata);
    }

    private OrganizationRow withMetadata(String metadata) {
        return new OrganizationRow(id, name, slug, imageUrl, metadata, maxAllowedMemberships, createdBy,
                clerkCreatedAt, clerkUpdatedAt);
    }

    /** Compared as JSON, not as text: PostgreSQL hands jsonb back with its own spacing and key order. */
    static boolean sameJson(String a, String b) {
        return a.equals(b) || JsonFields.parseObject(a.getBytes(StandardCharsets.UTF_8))
                .equals(JsonFields.parseObject(b.getBytes(StandardCharsets.UTF_8)));
    }
}
