package dev.clerksync.organizations;

import static dev.clerksync.fixtures.ClerkEvents.membershipCreated;
import static dev.clerksync.fixtures.ClerkEvents.membershipDeleted;
import static dev.clerksync.fixtures.ClerkEvents.membershipUpdated;
import static dev.clerksync.fixtures.ClerkEvents.newMembershipId;
import static dev.clerksync.fixtures.ClerkEvents.newOrganizationId;
import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.organizationCreated;
import static dev.clerksync.fixtures.ClerkEvents.organizationDeleted;
import static dev.clerksync.fixtures.ClerkEvents.organizationUpdated;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static dev.clerksync.fixtures.ClerkEvents.userDeleted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.support.DeployedWar;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks.Delivery;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Organizations and memberships mirrored in any order, with the guarantees users have. */
class OrganizationMirroringIT extends DeployedWar {

    private static final long LATER = 5_000_000_000_000L;

    private String organizationId;
    private String membershipId;
    private String userId;

    @BeforeEach
    void freshObjects() {
        organizationId = newOrganizationId();
        membershipId = newMembershipId();
        userId = newUserId();
    }

    @Test
    void organizationCreatedIsStoredWithoutItsPrivateMetadata() {
        assertEquals("applied", deliver(organizationCreated(organizationId).name("Acme").slug("acme-" + userId
                .substring(5).toLowerCase()).json()));

        Map<String, Object> row = organization().orElseThrow();
        assertEquals("Acme", row.get("name"));
        assertEquals("{\"plan\": \"pro\"}", row.get("public_metadata").toString());
        assertEquals(5, row.get("max_allowed_memberships"));
        assertEquals(0, db().count("select count(*) from organizations where public_metadata::text like '%never stored%'"));
    }

    @Test
    void membershipIsStoredWithClerksRoleKeyAndPermissions() {
        deliver(membershipCreated(membershipId, organizationId, userId).role("org:admin")
                .permissions("org:sys_memberships:manage", "org:posts:read").json());

        Map<String, Object> row = membership().orElseThrow();
        assertEquals("org:admin", row.get("role"));
        assertEquals(userId, row.get("user_id"));
        assertEquals("{org:sys_memberships:manage,org:posts:read}", row.get("permissions").toString());
    }

    @Test
    void membershipBeforeItsUserIsKept() {
        assertEquals("applied", deliver(membershipCreated(membershipId, organizationId, userId).json()));

        assertTrue(membership().isPresent());
        assertTrue(db().user(userId).isEmpty());
        assertEquals("applied", deliver(userCreated(userId).json()));
        assertTrue(membership().isPresent());
    }

    @Test
    void membershipBeforeItsOrganizationsOwnEventBringsTheOrganizationAlong() {
        deliver(membershipCreated(membershipId, organizationId, userId).organizationName("Embedded")
                .organizationUpdatedAt(2_000).json());

        assertEquals("Embedded", organization().orElseThrow().get("name"));
        assertEquals("stale", deliver(organizationCreated(organizationId).name("Older").updatedAt(1_000).json()));
        assertEquals("applied", deliver(organizationUpdated(organizationId).name("Newer").updatedAt(3_000).json()));
        assertEquals("Newer", organization().orElseThrow().get("name"));
    }

    @Test
    void olderEmbeddedOrganizationDoesNotOverwriteANewerOne() {
        deliver(organizationUpdated(organizationId).name("Newer").updatedAt(3_000).json());

        assertEquals("applied", deliver(membershipCreated(membershipId, organizationId, userId)
                .organizationName("Older").organizationUpdatedAt(1_000).json()));

        assertEquals("Newer", organization().orElseThrow().get("name"));
        assertTrue(membership().isPresent());
    }

    @Test
    void organizationDeletedTakesItsMembershipsAlong() {
        deliver(membershipCreated(membershipId, organizationId, userId).json());
        deliver(membershipCreated(newMembershipId(), organizationId, newUserId()).json());

        assertEquals("applied", deliver(organizationDeleted(organizationId, LATER)));

        assertTrue(organization().isEmpty());
        assertEquals(0, db().count("select count(*) from organization_memberships where organization_id = ?",
                organizationId));
        assertTrue(tombstoned("membership_tombstones", "membership_id", membershipId));
    }

    @Test
    void staleOrganizationUpdatedAfterItsDeletionResurrectsNeitherItNorItsMemberships() {
        deliver(membershipCreated(membershipId, organizationId, userId).json());
        deliver(organizationDeleted(organizationId, LATER));

        assertEquals("stale", deliver(organizationUpdated(organizationId).updatedAt(2_000).json()));
        assertEquals("stale", deliver(membershipUpdated(membershipId, organizationId, userId).updatedAt(2_000)
                .json()));
        assertEquals("stale", deliver(membershipCreated(newMembershipId(), organizationId, newUserId())
                .updatedAt(2_000).json()));

        assertTrue(organization().isEmpty());
        assertEquals(0, db().count("select count(*) from organization_memberships where organization_id = ?",
                organizationId));
    }

    @Test
    void membershipDeletedWhoseUpdatedAtEqualsTheStoredOneIsApplied() {
        deliver(membershipCreated(membershipId, organizationId, userId).updatedAt(2_000).json());

        assertEquals("applied", deliver(membershipDeleted(membershipId, organizationId, userId).updatedAt(2_000)
                .timestamp(1_000).json()));

        assertTrue(membership().isEmpty());
        assertEquals("stale", deliver(membershipUpdated(membershipId, organizationId, userId).updatedAt(2_000)
                .json()));
        assertTrue(membership().isEmpty());
    }

    @Test
    void membershipDeletedBeforeItsCreationKeepsItAway() {
        deliver(membershipDeleted(membershipId, organizationId, userId).updatedAt(2_000).timestamp(LATER).json());

        assertEquals("stale", deliver(membershipCreated(membershipId, organizationId, userId).updatedAt(2_000)
                .json()));

        assertTrue(membership().isEmpty());
    }

    @Test
    void userDeletedRemovesTheUsersMemberships() {
        deliver(userCreated(userId).json());
        deliver(membershipCreated(membershipId, organizationId, userId).json());
        String other = newOrganizationId();
        deliver(membershipCreated(newMembershipId(), other, userId).json());

        assertEquals("applied", deliver(userDeleted(userId, LATER)));

        assertEquals(0, db().count("select count(*) from organization_memberships where user_id = ?", userId));
        assertTrue(tombstoned("membership_tombstones", "membership_id", membershipId));
        assertTrue(organization().isPresent());
    }

    @Test
    void membershipOfADeletedUserArrivingLateIsStale() {
        deliver(userDeleted(userId, LATER));

        assertEquals("stale", deliver(membershipCreated(membershipId, organizationId, userId).updatedAt(2_000)
                .json()));

        assertTrue(membership().isEmpty());
    }

    @Test
    void newerMembershipIdForTheSameOrganizationAndUserReplacesTheOlder() {
        deliver(membershipCreated(membershipId, organizationId, userId).createdAt(1_000).updatedAt(1_000).json());
        String newer = newMembershipId();

        assertEquals("applied", deliver(membershipCreated(newer, organizationId, userId).createdAt(5_000)
                .updatedAt(5_000).role("org:admin").json()));

        List<Map<String, Object>> rows = db().query(
                "select id, role from organization_memberships where organization_id = ? and user_id = ?",
                organizationId, userId);
        assertEquals(List.of(Map.of("id", newer, "role", "org:admin")), rows);
        assertEquals("stale", deliver(membershipUpdated(membershipId, organizationId, userId).createdAt(1_000)
                .updatedAt(6_000).json()));
    }

    @Test
    void newerOrganizationTakesTheSlugAndTheOlderHolderGivesItUp() {
        String slug = "slug-" + userId.substring(5).toLowerCase();
        deliver(organizationCreated(organizationId).slug(slug).updatedAt(1_000).json());
        String newer = newOrganizationId();

        assertEquals("applied", deliver(organizationCreated(newer).slug(slug).updatedAt(2_000).json()));

        assertNull(organization().orElseThrow().get("slug"));
        assertEquals(slug, db().query("select slug from organizations where id = ?", newer).get(0).get("slug"));
    }

    static Stream<Arguments> malformedEvents() {
        return Stream.of(
                Arguments.of("membership without organization", (Function<JsonObject, JsonObject>) data ->
                        Json.createObjectBuilder(data).remove("organization").build()),
                Arguments.of("membership without public_user_data.user_id", (Function<JsonObject, JsonObject>) data ->
                        Json.createObjectBuilder(data).add("public_user_data", Json.createObjectBuilder()).build()),
                Arguments.of("membership id that is no orgmem_ id", (Function<JsonObject, JsonObject>) data ->
                        Json.createObjectBuilder(data).add("id", "mem_123").build()),
                Arguments.of("user id that is no user_ id", (Function<JsonObject, JsonObject>) data ->
                        Json.createObjectBuilder(data).add("public_user_data", Json.createObjectBuilder()
                                .add("user_id", "org_123")).build()),
                Arguments.of("organization id that is no org_ id", (Function<JsonObject, JsonObject>) data ->
                        Json.createObjectBuilder(data).add("organization", Json.createObjectBuilder(
                                data.getJsonObject("organization")).add("id", "user_123")).build()),
                Arguments.of("role that is a number", (Function<JsonObject, JsonObject>) data ->
                        Json.createObjectBuilder(data).add("role", 7).build()),
                Arguments.of("permissions that are no strings", (Function<JsonObject, JsonObject>) data ->
                        Json.createObjectBuilder(data).add("permissions", Json.createArrayBuilder().add(1)).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedEvents")
    void malformedMembershipIs400RecordedFailedAndChangesNothing(String description,
            Function<JsonObject, JsonObject> damage) {
        JsonObject event = Json.createReader(new StringReader(
                membershipCreated(membershipId, organizationId, userId).json())).readObject();
        String body = Json.createObjectBuilder(event).add("data", damage.apply(event.getJsonObject("data"))).build()
                .toString();
        Delivery delivery = webhooks().delivery(body);

        Answer answer = delivery.post();

        assertEquals(400, answer.status(), answer.toString());
        assertEquals("application/problem+json", answer.contentType().split(";")[0]);
        assertFalse(membership().isPresent());
        assertFalse(organization().isPresent());
        assertEquals("failed", db().query("select outcome from webhook_events where svix_id = ?", delivery.id())
                .get(0).get("outcome"));
    }

    @Test
    void organizationDeletedWithAnIdThatIsNoOrganizationIdIs400() {
        assertEquals(400, webhooks().delivery(organizationDeleted("user_123", LATER)).post().status());
    }

    private Optional<Map<String, Object>> organization() {
        return db().query("select * from organizations where id = ?", organizationId).stream().findFirst();
    }

    private Optional<Map<String, Object>> membership() {
        return db().query("select * from organization_memberships where id = ?", membershipId).stream().findFirst();
    }

    private static boolean tombstoned(String table, String column, String id) {
        return db().count("select count(*) from " + table + " where " + column + " = ?", id) == 1;
    }
}
