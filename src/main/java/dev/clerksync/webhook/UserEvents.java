package dev.clerksync.webhook;

import static dev.clerksync.http.JsonFields.requiredEpochTime;
import static dev.clerksync.http.JsonFields.requiredObject;

import dev.clerksync.clerk.ClerkUserJson;
import dev.clerksync.sync.Sync;
import dev.clerksync.users.UserChange;
import java.util.List;

/** The {@code user.*} events: Clerk's User object into the users' sync. */
public final class UserEvents {

    public static final String USER_CREATED = "user.created";
    public static final String USER_UPDATED = "user.updated";
    public static final String USER_DELETED = "user.deleted";

    private UserEvents() {
    }

    /** Adds the users' kind and its event types. */
    public static void register(EventTypes events, Sync<UserChange> users) {
        events.kind(users)
                .on(ClerkUserJson.JSON_SHAPE, (type, envelope) -> List.of(new SyncChange<>(users,
                        new UserChange.Mirror(ClerkUserJson.fromJson(requiredObject(envelope, "event", "data"),
                                "data")))), USER_CREATED, USER_UPDATED)
                // Its data is only {"id","object","deleted"}: the tombstone's time is the envelope's.
                .on(ClerkUserJson.JSON_SHAPE, (type, envelope) -> List.of(new SyncChange<>(users,
                        new UserChange.Delete(ClerkUserJson.id(requiredObject(envelope, "event", "data"), "data"),
                                ClerkEvent.deletionTime(requiredEpochTime(envelope, "event", "timestamp"))))),
                        USER_DELETED);
    }
}
