package dev.clerksync.webhook;

import dev.clerksync.clerk.ClerkUserJson;
import static dev.clerksync.http.JsonFields.optionalString;
import static dev.clerksync.http.JsonFields.optionalInstant;
import static dev.clerksync.http.JsonFields.requiredEpochTime;
import static dev.clerksync.http.JsonFields.requiredObject;
import static dev.clerksync.http.JsonFields.requiredString;

import dev.clerksync.http.InvalidJsonException;
import dev.clerksync.http.JsonShape;
import dev.clerksync.users.ClerkUser;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.regex.Pattern;

/** A Clerk webhook event, read strictly from the verified body. */
sealed interface ClerkEvent {

    String USER_CREATED = "user.created";
    String USER_UPDATED = "user.updated";
    String USER_DELETED = "user.deleted";

    /** The members of an event that clerk-sync reads. */
    JsonShape JSON_SHAPE = JsonShape.of("type", "timestamp").with("data", ClerkUserJson.JSON_SHAPE);

    /** What any Clerk object id looks like: a short prefix, {@code _}, letters or digits. */
    Pattern ANY_ID = Pattern.compile("[a-z]{1,16}_[A-Za-z0-9]{1,64}");

    // Epoch values below this are seconds: 10^11 s is the year 5138, 10^11 ms is 1973.
    long SECONDS_LIMIT = 100_000_000_000L;

    String type();

    /** The Clerk user id the event is about, or null. */
    String userId();

    record UserChanged(String type, ClerkUser user) implements ClerkEvent {
        @Override
        public String userId() {
            return user.id();
        }
    }

    record UserDeleted(String userId, Instant deletedAt) implements ClerkEvent {
        @Override
        public String type() {
            return USER_DELETED;
        }
    }

    record Other(String type, String userId) implements ClerkEvent {
    }

    /** A signed body that is no usable event: recorded as failed, with the type if it got that far. */
    record Malformed(String type, String reason) implements ClerkEvent {
        @Override
        public String userId() {
            return null;
        }
    }

    /** The event, or {@link Malformed} saying what is wrong with the body. */
    static ClerkEvent read(byte[] body) {
        try {
            return parse(body);
        } catch (InvalidJsonException e) {
            return new Malformed(typeOrNull(body), e.getMessage());
        }
    }

    /** @throws dev.clerksync.http.InvalidJsonException naming the first field that is wrong */
    static ClerkEvent parse(byte[] body) {
        JsonObject envelope = JSON_SHAPE.parse(body);
        String type = requiredString(envelope, "event", "type");
        JsonObject data = requiredObject(envelope, "event", "data");
        // Only a deletion needs the envelope's time, but a time beyond any Clerk could send marks
        // the whole event as no event of Clerk's, whatever its type.
        optionalInstant(envelope, "event", "timestamp");
        return switch (type) {
            case USER_CREATED, USER_UPDATED -> new UserChanged(type, ClerkUserJson.fromJson(data, "data"));
            case USER_DELETED -> new UserDeleted(ClerkUserJson.id(data, "data"),
                    deletionTime(requiredEpochTime(envelope, "event", "timestamp")));
            default -> new Other(type, clerkIdOrNull(optionalString(data, "data", "id")));
        };
    }

    /**
     * Clerk's docs give the envelope timestamp in milliseconds, its OpenAPI examples in seconds.
     * A time in seconds is taken as the end of that second: the deletion happened within it, and
     * erring late only blocks versions that cannot outlive a deletion anyway.
     */
    static Instant deletionTime(long timestamp) {
        return timestamp < SECONDS_LIMIT
                ? Instant.ofEpochSecond(timestamp).plusMillis(999)
                : Instant.ofEpochMilli(timestamp);
    }

    /** The id of an event we ignore, kept for its record only when it looks like any Clerk id ({@code sess_…}). */
    static String clerkIdOrNull(String id) {
        return id != null && ANY_ID.matcher(id).matches() ? id : null;
    }

    /** Best effort for the failure record: the type, if the body got that far. */
    static String typeOrNull(byte[] body) {
        try {
            return optionalString(JSON_SHAPE.parse(body), "event", "type");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
