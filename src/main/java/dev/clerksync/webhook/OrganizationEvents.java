package dev.clerksync.webhook;

import static dev.clerksync.http.JsonFields.requiredEpochTime;
import static dev.clerksync.http.JsonFields.requiredObject;

import dev.clerksync.clerk.ClerkOrganizationJson;
import dev.clerksync.clerk.ClerkUserJson;
import dev.clerksync.organizations.OrganizationChange;
import dev.clerksync.sync.Sync;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * The {@code organization.*} and {@code organizationMembership.*} events: Clerk's Organization and
 * OrganizationMembership objects into the organizations' sync, and the memberships a
 * {@code user.deleted} takes along.
 */
public final class OrganizationEvents {

    public static final String ORGANIZATION_CREATED = "organization.created";
    public static final String ORGANIZATION_UPDATED = "organization.updated";
    public static final String ORGANIZATION_DELETED = "organization.deleted";
    public static final String MEMBERSHIP_CREATED = "organizationMembership.created";
    public static final String MEMBERSHIP_UPDATED = "organizationMembership.updated";
    public static final String MEMBERSHIP_DELETED = "organizationMembership.deleted";

    private OrganizationEvents() {
    }

    /** Adds the organizations' kind and its event types; after the users', whose {@code user.deleted} it follows. */
    public static void register(EventTypes events, Sync<OrganizationChange> organizations) {
        events.kind(organizations)
                .on(ClerkOrganizationJson.ORGANIZATION_SHAPE, (type, envelope) -> changes(organizations,
                        new OrganizationChange.MirrorOrganization(ClerkOrganizationJson.organization(data(envelope),
                                "data"))), ORGANIZATION_CREATED, ORGANIZATION_UPDATED)
                // Its data is only {"id","object","slug","deleted"}: the tombstone's time is the envelope's.
                .on(ClerkOrganizationJson.ORGANIZATION_SHAPE, (type, envelope) -> changes(organizations,
                        new OrganizationChange.DeleteOrganization(ClerkOrganizationJson.organizationId(data(envelope),
                                "data"), deletionTime(envelope))), ORGANIZATION_DELETED)
                .on(ClerkOrganizationJson.MEMBERSHIP_SHAPE, (type, envelope) -> {
                    JsonObject data = data(envelope);
                    return changes(organizations, new OrganizationChange.MirrorMembership(
                            ClerkOrganizationJson.membership(data, "data"),
                            ClerkOrganizationJson.embeddedOrganization(data, "data")));
                }, MEMBERSHIP_CREATED, MEMBERSHIP_UPDATED)
                // It carries the whole membership, whose updated_at Clerk does not advance on deletion.
                .on(ClerkOrganizationJson.MEMBERSHIP_SHAPE, (type, envelope) -> changes(organizations,
                        new OrganizationChange.DeleteMembership(ClerkOrganizationJson.membership(data(envelope),
                                "data"), deletionTime(envelope))), MEMBERSHIP_DELETED)
                .alsoOn(UserEvents.USER_DELETED, (type, envelope) -> changes(organizations,
                        new OrganizationChange.RemoveUserMemberships(ClerkUserJson.id(data(envelope), "data"),
                                deletionTime(envelope))));
    }

    private static List<SyncChange<?>> changes(Sync<OrganizationChange> organizations, OrganizationChange change) {
        return List.of(new SyncChange<>(organizations, change));
    }

    private static JsonObject data(JsonObject envelope) {
        return requiredObject(envelope, "event", "data");
    }

    private static Instant deletionTime(JsonObject envelope) {
        return ClerkEvent.deletionTime(requiredEpochTime(envelope, "event", "timestamp"));
    }
}
