package dev.clerksync.webhook;

import static dev.clerksync.http.JsonFields.optionalInstant;
import static dev.clerksync.http.JsonFields.optionalString;
import static dev.clerksync.http.JsonFields.requiredObject;
import static dev.clerksync.http.JsonFields.requiredString;

import dev.clerksync.http.InvalidJsonException;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** A Clerk webhook event, read strictly from the verified body. */
sealed interface ClerkEvent {

    /** What any Clerk object id looks like: a short prefix, {@code _}, letters or digits. */
    Pattern ANY_ID = Pattern.compile("[a-z]{1,16}_[A-Za-z0-9]{1,64}");

    // Epoch values below this are seconds: 10^11 s is the year 5138, 10^11 ms is 1973.
    long SECONDS_LIMIT = 100_000_000_000L;

    String type();

    /** The id of the Clerk object the event is about ({@code data.id}), or null. */
    String objectId();

    /** An event of a type some kind applies, and the changes it asks for, its own first. */
    record Changes(String type, String objectId, List<SyncChange<?>> changes) implements ClerkEvent {
    }

    /** An event of a type nothing applies: recorded as ignored. */
    record Other(String type, String objectId) implements ClerkEvent {
    }

    /** A signed body that is no usable event: recorded as failed, with the type if it got that far. */
    record Malformed(String type, String reason) implements ClerkEvent {
        @Override
        public String objectId() {
            return null;
        }
    }

    /** The event, or {@link Malformed} saying what is wrong with the body. */
    static ClerkEvent read(byte[] body, EventTypes events) {
        try {
            return parse(body, events);
        } catch (InvalidJsonException e) {
            return new Malformed(typeOrNull(body, events), e.getMessage());
        }
    }

    /** @throws InvalidJsonException naming the first field that is wrong */
    static ClerkEvent parse(byte[] body, EventTypes events) {
        JsonObject envelope = events.envelopeShape().parse(body);
        String type = requiredString(envelope, "event", "type");
        JsonObject data = requiredObject(envelope, "event", "data");
        // Only a deletion needs the envelope's time, but a time beyond any Clerk could send marks
        // the whole event as no event of Clerk's, whatever its type.
        optionalInstant(envelope, "event", "timestamp");
        EventReader reader = events.reader(type);
        if (reader == null) {
            return new Other(type, clerkIdOrNull(optionalString(data, "data", "id")));
        }
        List<SyncChange<?>> changes = reader.read(type, envelope);
        // The reader checked data.id against its kind's own pattern.
        return new Changes(type, optionalString(data, "data", "id"), changes);
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
    static String typeOrNull(byte[] body, EventTypes events) {
        try {
            return optionalString(events.envelopeShape().parse(body), "event", "type");
        } catch (RuntimeException e) {
            return null;
        }
    }
}
