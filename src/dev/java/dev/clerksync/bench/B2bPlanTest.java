package dev.clerksync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.workload.B2bEvents;
import dev.clerksync.fixtures.workload.MembershipVersion;
import dev.clerksync.fixtures.workload.MixedEvents;
import dev.clerksync.fixtures.workload.PlannedDelivery;
import dev.clerksync.webhook.OrganizationEvents;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The b2b workload plans what docs/benchmarks.md says it plans; its figures and its check depend on it. */
class B2bPlanTest {

    private static final int DELIVERIES = 8000;
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Set<String> ORGANIZATION_TYPES = Set.of(OrganizationEvents.ORGANIZATION_CREATED,
            OrganizationEvents.ORGANIZATION_UPDATED, OrganizationEvents.ORGANIZATION_DELETED);
    private static final Set<String> MEMBERSHIP_TYPES = Set.of(OrganizationEvents.MEMBERSHIP_CREATED,
            OrganizationEvents.MEMBERSHIP_UPDATED, OrganizationEvents.MEMBERSHIP_DELETED);

    @Test
    void mixesUsersOrganizationsAndMembershipsAndDeliversTenPercentTwice() {
        List<PlannedDelivery> plan = plan(DuplicateOrder.IMMEDIATE);
        Map<String, Integer> types = new HashMap<>();
        events(plan).forEach(event -> types.merge(event.type(), 1, Integer::sum));
        double events = events(plan).size();
        assertEquals(0.10, (DELIVERIES - events) / events, 0.02);
        assertEquals(0.50, share(types, Set.copyOf(MixedEvents.TYPES), events), 0.03);
        assertEquals(0.15, share(types, ORGANIZATION_TYPES, events), 0.03);
        assertEquals(0.35, share(types, MEMBERSHIP_TYPES, events), 0.03);
        for (String type : B2bEvents.TYPES) {
            assertTrue(types.getOrDefault(type, 0) > 20, type + " is sent: " + types);
        }
    }

    @Test
    void membershipsEmbedTheirOrganizationAsItIsAndTheirUser() {
        Map<String, JsonObject> organizations = new HashMap<>();
        for (PlannedDelivery event : newVersions(plan(DuplicateOrder.IMMEDIATE))) {
            JsonObject data = data(event);
            if (event.type().equals(OrganizationEvents.ORGANIZATION_CREATED) || event.type().equals(OrganizationEvents.ORGANIZATION_UPDATED)) {
                organizations.put(event.objectId(), data);
            } else if (MEMBERSHIP_TYPES.contains(event.type())) {
                MembershipVersion state = (MembershipVersion) event.state();
                assertEquals("organization_membership", data.getString("object"));
                assertEquals(organizations.get(state.organizationId()), data.getJsonObject("organization"),
                        "the organization's newest version, as its last event sent it");
                assertEquals(state.userId(), data.getJsonObject("public_user_data").getString("user_id"));
                assertTrue(Set.of(B2bEvents.ADMIN, B2bEvents.MEMBER).contains(data.getString("role")));
                assertEquals(state.role(), data.getString("role"));
                assertEquals(state.permissions(), data.getJsonArray("permissions").getValuesAs(JsonString.class)
                        .stream().map(JsonString::getString).toList());
            }
        }
    }

    @Test
    void updatedAtGrowsPerObjectAndADeletionIsLaterThanItsObjectsLastVersion() {
        Map<String, Long> versions = new HashMap<>();
        for (PlannedDelivery event : newVersions(plan(DuplicateOrder.IMMEDIATE))) {
            JsonObject envelope = JSON.createReader(new StringReader(event.body())).readObject();
            Long before = versions.get(event.objectId());
            if (event.state().deleted()) {
                assertTrue(before == null || envelope.getJsonNumber("timestamp").longValue() > before, event.type());
            } else {
                long updatedAt = envelope.getJsonObject("data").getJsonNumber("updated_at").longValue();
                assertTrue(before == null || updatedAt > before, event.type() + " " + event.objectId());
                versions.put(event.objectId(), updatedAt);
            }
        }
    }

    @Test
    void deletedOrganizationsAndUsersGetNoMembershipEventsAfterTheirDeletion() {
        Set<String> deleted = new HashSet<>();
        int memberships = 0;
        for (PlannedDelivery event : newVersions(plan(DuplicateOrder.LATE))) {
            if (event.type().equals(OrganizationEvents.ORGANIZATION_DELETED) || event.type().equals(MixedEvents.DELETED)) {
                deleted.add(event.objectId());
            } else if (event.state() instanceof MembershipVersion membership) {
                memberships++;
                assertFalse(deleted.contains(membership.organizationId()), "organization deleted before");
                assertFalse(deleted.contains(membership.userId()), "user deleted before");
            }
        }
        assertTrue(memberships > 1000, "memberships: " + memberships);
    }

    @Test
    void staleEventsAreEarlierVersionsUnderNewSvixIdsOfEveryKindAlsoOfDeletedObjects() {
        List<PlannedDelivery> plan = plan(DuplicateOrder.LATE);
        Map<String, PlannedDelivery> sentBefore = new HashMap<>();
        Map<String, Integer> newest = new HashMap<>();
        Set<String> deleted = new HashSet<>();
        Set<String> kinds = new HashSet<>();
        int ofDeleted = 0;
        for (PlannedDelivery event : events(plan)) {
            String key = event.objectId() + "#" + event.sequence();
            if (event.sequence() > newest.getOrDefault(event.objectId(), -1)) {
                newest.put(event.objectId(), event.sequence());
                sentBefore.put(key, event);
                if (event.state().deleted()) {
                    deleted.add(event.objectId());
                }
                continue;
            }
            PlannedDelivery original = sentBefore.get(key);
            assertEquals(original.body(), event.body(), "the earlier event's body");
            assertTrue(!original.svixId().equals(event.svixId()), "under a new svix-id");
            kinds.add(event.type().substring(0, event.type().indexOf('.')));
            if (deleted.contains(event.objectId()) || event.state() instanceof MembershipVersion membership
                    && (deleted.contains(membership.organizationId()) || deleted.contains(membership.userId()))) {
                ofDeleted++;
            }
        }
        assertEquals(Set.of("user", "organization", "organizationMembership"), kinds);
        assertTrue(ofDeleted > 20, "stale events of deleted objects: " + ofDeleted);
    }

    private static List<PlannedDelivery> plan(DuplicateOrder order) {
        return MixedPlan.create(Traffic.B2B, 1, DELIVERIES, order, 10, new SplittableRandom(7)).perClient.get(0);
    }

    private static List<PlannedDelivery> events(List<PlannedDelivery> plan) {
        return plan.stream().filter(delivery -> !delivery.duplicate()).toList();
    }

    /** The events that are their object's newest so far: neither duplicates nor stale copies. */
    private static List<PlannedDelivery> newVersions(List<PlannedDelivery> plan) {
        Map<String, Integer> sequences = new HashMap<>();
        List<PlannedDelivery> fresh = new ArrayList<>();
        for (PlannedDelivery event : events(plan)) {
            if (event.sequence() > sequences.getOrDefault(event.objectId(), -1)) {
                sequences.put(event.objectId(), event.sequence());
                fresh.add(event);
            }
        }
        return fresh;
    }

    private static double share(Map<String, Integer> types, Set<String> kind, double events) {
        return types.entrySet().stream().filter(entry -> kind.contains(entry.getKey()))
                .mapToInt(Map.Entry::getValue).sum() / events;
    }

    private static JsonObject data(PlannedDelivery event) {
        return JSON.createReader(new StringReader(event.body())).readObject().getJsonObject("data");
    }
}
