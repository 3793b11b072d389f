package dev.clerksync.organizations;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What a batch's decisions write to the organization tables, and the notifications they send. */
record OrganizationWrites(List<OrganizationRow> upserts, List<String> deletes, Map<String, Instant> tombstones,
        List<SlugRelease> slugReleases, List<MembershipRow> membershipUpserts, List<String> membershipDeletes,
        Map<String, Instant> membershipTombstones, List<Notification> notifications) {

    /**
     * An organization outside the batch's locks that gives up its slug, but only if the row as it
     * is now still holds it in a state no newer than the claim's.
     */
    record SlugRelease(String organizationId, String slug, Instant claimedAt) {
    }

    /** One changed row, for LISTENers of {@code clerk_sync_organizations}; {@code userId} null for an organization. */
    record Notification(String kind, String id, String organizationId, String userId, String op) {

        static Notification organization(String id, String op) {
            return new Notification("organization", id, id, null, op);
        }

        static Notification membership(String id, String organizationId, String userId, String op) {
            return new Notification("membership", id, organizationId, userId, op);
        }
    }

    boolean isEmpty() {
        return notifications.isEmpty() && tombstones.isEmpty() && membershipTombstones.isEmpty()
                && slugReleases.isEmpty();
    }
}
