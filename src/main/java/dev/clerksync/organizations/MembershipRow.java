package dev.clerksync.organizations;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One row of {@code organization_memberships}: Clerk's OrganizationMembership as stored, its role
 * the key Clerk sends ({@code org:admin}, or a legacy {@code admin}), never rewritten.
 */
public record MembershipRow(String id, String organizationId, String userId, String role, String roleName,
        List<String> permissions, String publicMetadata, Instant clerkCreatedAt, Instant clerkUpdatedAt) {

    // Of two memberships of one user in one organization, the later-created one is current.
    private static final Comparator<MembershipRow> AGE = Comparator
            .comparing((MembershipRow row) -> row.clerkCreatedAt() == null ? Instant.MIN : row.clerkCreatedAt())
            .thenComparing(MembershipRow::clerkUpdatedAt)
            .thenComparing(MembershipRow::id);

    public MembershipRow {
        permissions = List.copyOf(permissions);
    }

    boolean isNewerThan(Instant version) {
        return clerkUpdatedAt.isAfter(version);
    }

    /** Whether this membership replaces {@code other}, another one of the same user in the same organization. */
    boolean replaces(MembershipRow other) {
        return AGE.compare(this, other) > 0;
    }

    /** Equal in everything Clerk sends, {@code public_metadata} compared as JSON. */
    boolean sameAs(MembershipRow other) {
        return other != null && withMetadata(null).equals(other.withMetadata(null))
                && OrganizationRow.sameJson(publicMetadata, other.publicMetadata);
    }

    private MembershipRow withMetadata(String metadata) {
        return new MembershipRow(id, organizationId, userId, role, roleName, permissions, metadata, clerkCreatedAt,
                clerkUpdatedAt);
    }

    String pair() {
        return pair(organizationId, userId);
    }

    static String pair(String organizationId, String userId) {
        return organizationId + " " + userId;
    }
}
