package dev.clerksync.organizations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.sync.SyncOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrganizationStateTest {

    private static final Instant T1 = Instant.ofEpochMilli(1_000);
    private static final Instant T2 = Instant.ofEpochMilli(2_000);
    private static final Instant T3 = Instant.ofEpochMilli(3_000);

    private static OrganizationRow org(String id, String slug, Instant version) {
        return new OrganizationRow(id, "Name " + id, slug, null, "{}", 5, "user_creator", T1, version);
    }

    private static MembershipRow membership(String id, String org, String user, String role, Instant created,
            Instant version) {
        return new MembershipRow(id, org, user, role, role, List.of("org:sys_memberships:read"), "{}", created,
                version);
    }

    private static OrganizationState empty() {
        return state(List.of(), Map.of(), List.of(), Map.of(), Map.of());
    }

    private static OrganizationState state(List<OrganizationRow> orgs, Map<String, Instant> orgTombstones,
            List<MembershipRow> memberships, Map<String, Instant> membershipTombstones,
            Map<String, Instant> userTombstones) {
        return new OrganizationState(orgs, orgTombstones, memberships, membershipTombstones, userTombstones,
                Set.of("org_a", "org_b"));
    }

    private static OrganizationChange.MirrorMembership mirror(MembershipRow row) {
        return new OrganizationChange.MirrorMembership(row, org(row.organizationId(), "slug-" + row.organizationId(), T1));
    }

    @Test
    void aNewOrganizationIsCreated() {
        OrganizationState state = empty();

        assertEquals(SyncOutcome.CREATED, state.apply(new OrganizationChange.MirrorOrganization(org("org_a", "a", T1))));
        assertEquals(1, state.writes().upserts().size());
    }

    @Test
    void anOlderVersionOfAnOrganizationIsStale() {
        OrganizationState state = state(List.of(org("org_a", "a", T2)), Map.of(), List.of(), Map.of(), Map.of());

        assertEquals(SyncOutcome.STALE, state.apply(new OrganizationChange.MirrorOrganization(org("org_a", "b", T1))));
        assertTrue(state.writes().isEmpty());
    }

    @Test
    void theSameVersionAgainChangesNothing() {
        OrganizationState state = state(List.of(org("org_a", "a", T2)), Map.of(), List.of(), Map.of(), Map.of());

        assertEquals(SyncOutcome.UNCHANGED, state.apply(new OrganizationChange.MirrorOrganization(org("org_a", "a", T2))));
        assertTrue(state.writes().notifications().isEmpty());
    }

    @Test
    void anUpdateOlderThanTheDeletionDoesNotResurrectTheOrganization() {
        OrganizationState state = state(List.of(), Map.of("org_a", T2), List.of(), Map.of(), Map.of());

        assertEquals(SyncOutcome.STALE, state.apply(new OrganizationChange.MirrorOrganization(org("org_a", "a", T1))));
    }

    @Test
    void deletingAnOrganizationDeletesAndTombstonesItsMemberships() {
        OrganizationState state = state(List.of(org("org_a", "a", T1)), Map.of(),
                List.of(membership("orgmem_1", "org_a", "user_1", "org:admin", T1, T1),
                        membership("orgmem_2", "org_b", "user_1", "org:admin", T1, T1)), Map.of(), Map.of());

        assertEquals(SyncOutcome.DELETED, state.apply(new OrganizationChange.DeleteOrganization("org_a", T2)));

        OrganizationWrites writes = state.writes();
        assertEquals(List.of("org_a"), writes.deletes());
        assertEquals(Map.of("org_a", T2), writes.tombstones());
        assertEquals(List.of("orgmem_1"), writes.membershipDeletes());
        assertEquals(Map.of("orgmem_1", T2), writes.membershipTombstones());
    }

    @Test
    void aMembershipBringsItsOrganizationAlong() {
        OrganizationState state = empty();

        assertEquals(SyncOutcome.CREATED, state.apply(mirror(membership("orgmem_1", "org_a", "user_1", "org:member",
                T1, T1))));

        OrganizationWrites writes = state.writes();
        assertEquals("org_a", writes.upserts().get(0).id());
        assertEquals("orgmem_1", writes.membershipUpserts().get(0).id());
    }

    @Test
    void aMembershipOfADeletedOrganizationIsStale() {
        OrganizationState state = state(List.of(), Map.of("org_a", T2), List.of(), Map.of(), Map.of());

        assertEquals(SyncOutcome.STALE, state.apply(mirror(membership("orgmem_1", "org_a", "user_1", "org:member",
                T1, T1))));
        assertTrue(state.writes().membershipUpserts().isEmpty());
    }

    @Test
    void aMembershipOfADeletedUserIsStale() {
        OrganizationState state = state(List.of(), Map.of(), List.of(), Map.of(), Map.of("user_1", T2));

        assertEquals(SyncOutcome.STALE, state.apply(mirror(membership("orgmem_1", "org_a", "user_1", "org:member",
                T1, T1))));
    }

    @Test
    void aNewerMembershipIdForTheSamePairReplacesTheOlder() {
        OrganizationState state = state(List.of(org("org_a", "slug-org_a", T1)), Map.of(),
                List.of(membership("orgmem_old", "org_a", "user_1", "org:member", T1, T1)), Map.of(), Map.of());

        assertEquals(SyncOutcome.CREATED, state.apply(mirror(membership("orgmem_new", "org_a", "user_1", "org:admin",
                T2, T2))));

        OrganizationWrites writes = state.writes();
        assertEquals(List.of("orgmem_old"), writes.membershipDeletes());
        assertEquals("orgmem_new", writes.membershipUpserts().get(0).id());
    }

    @Test
    void anOlderMembershipIdForTheSamePairIsStale() {
        OrganizationState state = state(List.of(org("org_a", "slug-org_a", T1)), Map.of(),
                List.of(membership("orgmem_new", "org_a", "user_1", "org:admin", T2, T2)), Map.of(), Map.of());

        assertEquals(SyncOutcome.STALE, state.apply(mirror(membership("orgmem_old", "org_a", "user_1", "org:member",
                T1, T1))));
    }

    @Test
    void aMembershipDeletionWhoseUpdatedAtEqualsTheStoredOneApplies() {
        MembershipRow stored = membership("orgmem_1", "org_a", "user_1", "org:member", T1, T2);
        OrganizationState state = state(List.of(org("org_a", "a", T1)), Map.of(), List.of(stored), Map.of(), Map.of());

        assertEquals(SyncOutcome.DELETED, state.apply(new OrganizationChange.DeleteMembership(stored, T1)));
        assertEquals(Map.of("orgmem_1", T2), state.writes().membershipTombstones());
    }

    @Test
    void aRecreatedMembershipOlderThanItsTombstoneIsStale() {
        OrganizationState state = state(List.of(org("org_a", "slug-org_a", T1)), Map.of(), List.of(),
                Map.of("orgmem_1", T2), Map.of());

        assertEquals(SyncOutcome.STALE, state.apply(mirror(membership("orgmem_1", "org_a", "user_1", "org:member",
                T1, T2))));
    }

    @Test
    void aDeletedUserLosesEveryMembership() {
        OrganizationState state = state(List.of(), Map.of(),
                List.of(membership("orgmem_1", "org_a", "user_1", "org:member", T1, T1),
                        membership("orgmem_2", "org_b", "user_1", "org:admin", T1, T1),
                        membership("orgmem_3", "org_b", "user_2", "org:admin", T1, T1)), Map.of(), Map.of());

        assertEquals(SyncOutcome.DELETED, state.apply(new OrganizationChange.RemoveUserMemberships("user_1", T3)));
        assertEquals(Set.of("orgmem_1", "orgmem_2"), Set.copyOf(state.writes().membershipDeletes()));
    }

    @Test
    void anOlderSlugHolderGivesTheSlugUp() {
        OrganizationState state = state(List.of(org("org_b", "acme", T1)), Map.of(), List.of(), Map.of(), Map.of());

        state.apply(new OrganizationChange.MirrorOrganization(org("org_a", "acme", T2)));

        OrganizationWrites writes = state.writes();
        OrganizationRow b = writes.upserts().stream().filter(row -> row.id().equals("org_b")).findFirst().orElseThrow();
        assertNull(b.slug());
        assertEquals("acme", writes.upserts().stream().filter(row -> row.id().equals("org_a")).findFirst()
                .orElseThrow().slug());
    }

    @Test
    void aNewerSlugHolderKeepsTheSlug() {
        OrganizationState state = state(List.of(org("org_b", "acme", T3)), Map.of(), List.of(), Map.of(), Map.of());

        state.apply(new OrganizationChange.MirrorOrganization(org("org_a", "acme", T2)));

        assertNull(state.writes().upserts().get(0).slug());
    }

    @Test
    void everyChangedRowIsAnnouncedOnce() {
        OrganizationState state = empty();

        state.apply(mirror(membership("orgmem_1", "org_a", "user_1", "org:member", T1, T1)));
        state.apply(mirror(membership("orgmem_1", "org_a", "user_1", "org:admin", T1, T2)));

        List<OrganizationWrites.Notification> notifications = state.writes().notifications();
        assertEquals(List.of(OrganizationWrites.Notification.organization("org_a", "created"),
                OrganizationWrites.Notification.membership("orgmem_1", "org_a", "user_1", "created")), notifications);
    }
}
