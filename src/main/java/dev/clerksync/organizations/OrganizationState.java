package dev.clerksync.organizations;

import dev.clerksync.sync.SyncOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules for organizations and memberships, decided in memory over what a batch read: each
 * change applied after those before it, and the writes that bring the tables to the end state.
 * Nothing here talks to the database.
 */
final class OrganizationState {

    private final Map<String, OrganizationRow> storedOrganizations = new HashMap<>();
    private final Map<String, OrganizationRow> organizations = new HashMap<>();
    private final Map<String, String> slugHolders = new HashMap<>();
    private final Map<String, Instant> organizationTombstones;
    private final Map<String, MembershipRow> storedMemberships = new HashMap<>();
    private final Map<String, MembershipRow> memberships = new HashMap<>();
    private final Map<String, String> pairHolders = new HashMap<>();
    private final Map<String, Instant> membershipTombstones;
    private final Map<String, Instant> userTombstones;
    private final Set<String> lockedOrganizations;
    private final Set<String> touchedOrganizations = new LinkedHashSet<>();
    private final Set<String> touchedMemberships = new LinkedHashSet<>();
    private final Map<String, OrganizationWrites.SlugRelease> slugReleases = new LinkedHashMap<>();
    private final Map<String, Instant> newOrganizationTombstones = new LinkedHashMap<>();
    private final Map<String, Instant> newMembershipTombstones = new LinkedHashMap<>();

    /**
     * @param lockedOrganizations the organizations this batch holds the locks of: any other row was
     *     read only because it holds a slug, and may change under us
     */
    OrganizationState(Collection<OrganizationRow> organizations, Map<String, Instant> organizationTombstones,
            Collection<MembershipRow> memberships, Map<String, Instant> membershipTombstones,
            Map<String, Instant> userTombstones, Set<String> lockedOrganizations) {
        for (OrganizationRow row : organizations) {
            storedOrganizations.put(row.id(), row);
            putOrganization(row.id(), row);
        }
        for (MembershipRow row : memberships) {
            storedMemberships.put(row.id(), row);
            putMembership(row.id(), row);
        }
        touchedOrganizations.clear();
        touchedMemberships.clear();
        this.organizationTombstones = new HashMap<>(organizationTombstones);
        this.membershipTombstones = new HashMap<>(membershipTombstones);
        this.userTombstones = Map.copyOf(userTombstones);
        this.lockedOrganizations = Set.copyOf(lockedOrganizations);
    }

    /** Applies one change after those before it; answers what it did to the row of its own object. */
    SyncOutcome apply(OrganizationChange change) {
        // Java 17 has no pattern switch: one instanceof per kind of change, in the order of OrganizationChange.
        if (change instanceof OrganizationChange.MirrorOrganization mirror) {
            return mirror(mirror.organization());
        }
        if (change instanceof OrganizationChange.DeleteOrganization delete) {
            return deleteOrganization(delete.organizationId(), delete.deletedAt());
        }
        if (change instanceof OrganizationChange.MirrorMembership mirror) {
            mirror(mirror.organization());
            return mirror(mirror.membership());
        }
        if (change instanceof OrganizationChange.DeleteMembership delete) {
            return deleteMembership(delete.membership(), delete.deletedAt());
        }
        OrganizationChange.RemoveUserMemberships remove = (OrganizationChange.RemoveUserMemberships) change;
        boolean any = false;
        for (MembershipRow row : List.copyOf(memberships.values())) {
            if (row != null && row.userId().equals(remove.userId())) {
                bury(row.id(), remove.deletedAt());
                any = true;
            }
        }
        return any ? SyncOutcome.DELETED : SyncOutcome.UNCHANGED;
    }

    private SyncOutcome mirror(OrganizationRow incoming) {
        OrganizationRow before = organizations.get(incoming.id());
        if (buried(organizationTombstones.get(incoming.id()), incoming.clerkUpdatedAt())
                || before != null && before.isNewerThan(incoming.clerkUpdatedAt())) {
            return SyncOutcome.STALE;
        }
        OrganizationRow after = incoming.slug() == null || Objects.equals(before == null ? null : before.slug(),
                incoming.slug()) ? incoming : claimSlug(incoming);
        putOrganization(after.id(), after);
        return before == null ? SyncOutcome.CREATED : before.sameAs(after) ? SyncOutcome.UNCHANGED : SyncOutcome.UPDATED;
    }

    /** Slugs are unique among live organizations: of two holders, the older Clerk version gives it up. */
    private OrganizationRow claimSlug(OrganizationRow incoming) {
        String holderId = slugHolders.get(incoming.slug());
        if (holderId == null || holderId.equals(incoming.id())) {
            return incoming;
        }
        OrganizationRow holder = organizations.get(holderId);
        if (holder.isNewerThan(incoming.clerkUpdatedAt())) {
            return incoming.withoutSlug();
        }
        putOrganization(holderId, holder.withoutSlug());
        if (!lockedOrganizations.contains(holderId)) {
            slugReleases.put(holderId, new OrganizationWrites.SlugRelease(holderId, holder.slug(),
                    incoming.clerkUpdatedAt()));
        }
        return incoming;
    }

    private SyncOutcome deleteOrganization(String organizationId, Instant deletedAt) {
        OrganizationRow before = organizations.get(organizationId);
        putOrganization(organizationId, null);
        organizationTombstones.merge(organizationId, deletedAt, OrganizationState::later);
        newOrganizationTombstones.merge(organizationId, deletedAt, OrganizationState::later);
        for (MembershipRow row : List.copyOf(memberships.values())) {
            if (row != null && row.organizationId().equals(organizationId)) {
                bury(row.id(), deletedAt);
            }
        }
        return before == null ? SyncOutcome.UNCHANGED : SyncOutcome.DELETED;
    }

    private SyncOutcome mirror(MembershipRow incoming) {
        MembershipRow before = memberships.get(incoming.id());
        Instant version = incoming.clerkUpdatedAt();
        if (organizations.get(incoming.organizationId()) == null
                || buried(organizationTombstones.get(incoming.organizationId()), version)
                || buried(membershipTombstones.get(incoming.id()), version)
                || buried(userTombstones.get(incoming.userId()), version)
                || before != null && before.isNewerThan(version)) {
            return SyncOutcome.STALE;
        }
        String holderId = pairHolders.get(incoming.pair());
        if (holderId != null && !holderId.equals(incoming.id())) {
            MembershipRow holder = memberships.get(holderId);
            if (!incoming.replaces(holder)) {
                return SyncOutcome.STALE;
            }
            bury(holderId, version);
        }
        putMembership(incoming.id(), incoming);
        return before == null ? SyncOutcome.CREATED
                : before.sameAs(incoming) ? SyncOutcome.UNCHANGED : SyncOutcome.UPDATED;
    }

    private SyncOutcome deleteMembership(MembershipRow deleted, Instant deletedAt) {
        MembershipRow before = memberships.get(deleted.id());
        if (before != null && before.isNewerThan(deletedAt)) {
            return SyncOutcome.STALE;
        }
        bury(deleted.id(), deletedAt);
        return before == null ? SyncOutcome.UNCHANGED : SyncOutcome.DELETED;
    }

    private void bury(String membershipId, Instant deletedAt) {
        putMembership(membershipId, null);
        membershipTombstones.merge(membershipId, deletedAt, OrganizationState::later);
        newMembershipTombstones.merge(membershipId, deletedAt, OrganizationState::later);
    }

    private static boolean buried(Instant deletedAt, Instant version) {
        return deletedAt != null && !version.isAfter(deletedAt);
    }

    private void putOrganization(String id, OrganizationRow row) {
        OrganizationRow old = organizations.get(id);
        if (old != null && old.slug() != null) {
            slugHolders.remove(old.slug(), id);
        }
        organizations.put(id, row);
        if (row != null && row.slug() != null) {
            slugHolders.put(row.slug(), id);
        }
        touchedOrganizations.add(id);
    }

    private void putMembership(String id, MembershipRow row) {
        MembershipRow old = memberships.get(id);
        if (old != null) {
            pairHolders.remove(old.pair(), id);
        }
        memberships.put(id, row);
        if (row != null) {
            pairHolders.put(row.pair(), id);
        }
        touchedMemberships.add(id);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The writes that bring the tables to this state, and one notification per row that changed. */
    OrganizationWrites writes() {
        List<OrganizationRow> upserts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        List<OrganizationWrites.Notification> notifications = new ArrayList<>();
        Set<String> releasedOnly = new HashSet<>(slugReleases.keySet());
        for (String id : touchedOrganizations) {
            OrganizationRow row = organizations.get(id);
            OrganizationRow was = storedOrganizations.get(id);
            if (releasedOnly.contains(id) || (row == null ? was == null : row.sameAs(was))) {
                continue;
            }
            if (row == null) {
                deletes.add(id);
            } else {
                upserts.add(row);
            }
            notifications.add(OrganizationWrites.Notification.organization(id, op(was, row)));
        }
        // A release is announced by the statement that makes it, if the row still held the slug.
        List<MembershipRow> membershipUpserts = new ArrayList<>();
        List<String> membershipDeletes = new ArrayList<>();
        for (String id : touchedMemberships) {
            MembershipRow row = memberships.get(id);
            MembershipRow was = storedMemberships.get(id);
            if (row == null ? was == null : row.sameAs(was)) {
                continue;
            }
            MembershipRow any = row == null ? was : row;
            if (row == null) {
                membershipDeletes.add(id);
            } else {
                membershipUpserts.add(row);
            }
            notifications.add(OrganizationWrites.Notification.membership(id, any.organizationId(), any.userId(),
                    op(was, row)));
        }
        return new OrganizationWrites(upserts, deletes, Map.copyOf(newOrganizationTombstones),
                List.copyOf(slugReleases.values()), membershipUpserts, membershipDeletes,
                Map.copyOf(newMembershipTombstones), notifications);
    }

    private static String op(Object was, Object row) {
        return was == null ? "created" : row == null ? "deleted" : "updated";
    }
}
