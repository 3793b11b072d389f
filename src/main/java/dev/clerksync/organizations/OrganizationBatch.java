package dev.clerksync.organizations;

import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.sync.ChangeBatch;
import dev.clerksync.sync.SyncOutcome;
import dev.clerksync.users.UserRepository;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Instant;

/**
 * The organizations' side of one transaction that applies a batch of changes: {@link #read()}
 * locks and loads the organizations, memberships and user tombstones the candidates name,
 * {@link #decide} applies the changes in memory ({@link OrganizationState}), {@link #write()}
 * writes what they decided.
 */
final class OrganizationBatch implements ChangeBatch<OrganizationChange> {

    private final OrganizationRepository organizations;
    private final Set<String> organizationIds = new LinkedHashSet<>();
    private final Set<String> userIds = new LinkedHashSet<>();
    private final List<RoundTrip.Part> reads = new ArrayList<>();
    private final OrganizationRepository.Load load;
    private final Map<String, Instant> userTombstones = new HashMap<>();
    private OrganizationState state;

    /** @param candidates every change the batch may apply: what they name is locked and loaded */
    OrganizationBatch(OrganizationRepository organizations, UserRepository users,
            List<OrganizationChange> candidates) {
        this.organizations = organizations;
        Set<String> slugs = new LinkedHashSet<>();
        Set<String> membershipIds = new LinkedHashSet<>();
        Map<String, String[]> pairs = new LinkedHashMap<>();
        Set<String> deletedOrganizations = new LinkedHashSet<>();
        Set<String> deletedUsers = new LinkedHashSet<>();
        for (OrganizationChange change : candidates) {
            if (change.organizationId() != null) {
                organizationIds.add(change.organizationId());
            }
            if (change.userId() != null) {
                userIds.add(change.userId());
            }
            OrganizationRow organization = organizationOf(change);
            if (organization != null && organization.slug() != null) {
                slugs.add(organization.slug());
            }
            MembershipRow membership = membershipOf(change);
            if (membership != null) {
                membershipIds.add(membership.id());
                pairs.putIfAbsent(membership.pair(), new String[] {membership.organizationId(), membership.userId()});
            }
            if (change instanceof OrganizationChange.DeleteOrganization delete) {
                deletedOrganizations.add(delete.organizationId());
            }
            if (change instanceof OrganizationChange.RemoveUserMemberships remove) {
                deletedUsers.add(remove.userId());
            }
        }
        this.load = organizations.load(organizationIds, slugs, membershipIds, List.copyOf(pairs.values()),
                deletedOrganizations, deletedUsers);
        reads.add(organizations.lock(organizationIds, userIds));
        reads.addAll(load.parts());
        reads.add(users.tombstones(userIds, userTombstones));
    }

    private static OrganizationRow organizationOf(OrganizationChange change) {
        if (change instanceof OrganizationChange.MirrorOrganization mirror) {
            return mirror.organization();
        }
        return change instanceof OrganizationChange.MirrorMembership mirror ? mirror.organization() : null;
    }

    private static MembershipRow membershipOf(OrganizationChange change) {
        if (change instanceof OrganizationChange.MirrorMembership mirror) {
            return mirror.membership();
        }
        return change instanceof OrganizationChange.DeleteMembership delete ? delete.membership() : null;
    }

    /** The candidates' locks, then the rows and tombstones they can meet, in that order in one round trip. */
    @Override
    public List<RoundTrip.Part> read() {
        return reads;
    }

    @Override
    public List<SyncOutcome> decide(Connection connection, List<OrganizationChange> changes) {
        state = new OrganizationState(load.organizations, load.organizationTombstones, load.memberships.values(),
                load.membershipTombstones, userTombstones, organizationIds);
        List<SyncOutcome> outcomes = new ArrayList<>(changes.size());
        for (OrganizationChange change : changes) {
            outcomes.add(state.apply(change));
        }
        return outcomes;
    }

    @Override
    public List<RoundTrip.Part> write() {
        return state == null ? List.of() : organizations.write(state.writes());
    }

    @Override
    public boolean scalar() {
        return false;
    }
}
