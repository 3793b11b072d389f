package dev.clerksync.organizations;

import java.time.Instant;

/**
 * A change to organizations and memberships, one kind since their rules read each other: a
 * membership needs its organization, and an organization's deletion takes its memberships along.
 */
public sealed interface OrganizationChange {

    /** The organization whose lock the change needs, or null. */
    String organizationId();

    /** The user whose memberships' lock the change needs, or null. */
    String userId();

    /** {@code organization.created} / {@code .updated}, or the organization a membership event embeds. */
    record MirrorOrganization(OrganizationRow organization) implements OrganizationChange {
        @Override
        public String organizationId() {
            return organization.id();
        }

        @Override
        public String userId() {
            return null;
        }
    }

    /** {@code organization.deleted}: the organization and all its memberships, at the envelope's time. */
    record DeleteOrganization(String organizationId, Instant deletedAt) implements OrganizationChange {
        @Override
        public String userId() {
            return null;
        }
    }

    /** {@code organizationMembership.created} / {@code .updated}, with the organization it embeds. */
    record MirrorMembership(MembershipRow membership, OrganizationRow organization) implements OrganizationChange {
        @Override
        public String organizationId() {
            return membership.organizationId();
        }

        @Override
        public String userId() {
            return membership.userId();
        }
    }

    /**
     * {@code organizationMembership.deleted}: the membership, tombstoned at the later of the
     * envelope's time and its own {@code updated_at} (which Clerk does not advance on deletion).
     */
    record DeleteMembership(MembershipRow membership, Instant envelopeTime) implements OrganizationChange {
        @Override
        public String organizationId() {
            return membership.organizationId();
        }

        @Override
        public String userId() {
            return membership.userId();
        }

        Instant deletedAt() {
            return envelopeTime.isAfter(membership.clerkUpdatedAt()) ? envelopeTime : membership.clerkUpdatedAt();
        }
    }

    /** {@code user.deleted}: every membership of the user, tombstoned like the user. */
    record RemoveUserMemberships(String userId, Instant deletedAt) implements OrganizationChange {
        @Override
        public String organizationId() {
            return null;
        }
    }
}
