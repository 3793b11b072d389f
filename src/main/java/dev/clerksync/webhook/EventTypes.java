package dev.clerksync.webhook;

import dev.clerksync.http.JsonShape;
import dev.clerksync.sync.Sync;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event types the webhook applies, each with its reader, and the kinds whose syncs apply them,
 * in the order their locks are taken: registered once, by the composition root. Every other type
 * is recorded {@code ignored}.
 */
public final class EventTypes {

    private final Map<String, EventReader> readers = new HashMap<>();
    private final List<Sync<?>> kinds = new ArrayList<>();
    private JsonShape data = JsonShape.of("id");

    /**
     * Adds a kind. Batches take the locks of the kinds in the order they were added, each in its key
     * order, so that two transactions never wait for each other's locks in a circle.
     */
    public EventTypes kind(Sync<?> sync) {
        kinds.add(sync);
        return this;
    }

    /** Reads events of these types with {@code reader}, which reads {@code dataShape} of their {@code data}. */
    public EventTypes on(JsonShape dataShape, EventReader reader, String... types) {
        for (String type : types) {
            if (readers.putIfAbsent(type, reader) != null) {
                throw new IllegalStateException("event type " + type + " registered twice");
            }
        }
        data = data.and(dataShape);
        return this;
    }

    /**
     * Adds to the changes of a type already registered those {@code follower} reads: another
     * kind's consequences of the same event, applied after the event's own change.
     */
    public EventTypes alsoOn(String type, EventReader follower) {
        EventReader first = readers.get(type);
        if (first == null) {
            throw new IllegalStateException("event type " + type + " is followed before it is registered");
        }
        readers.put(type, (eventType, envelope) -> {
            List<SyncChange<?>> changes = new ArrayList<>(first.read(eventType, envelope));
            changes.addAll(follower.read(eventType, envelope));
            return changes;
        });
        return this;
    }

    /** The reader of {@code type}, or null for a type nothing applies. */
    EventReader reader(String type) {
        return readers.get(type);
    }

    /** The members of an envelope that some reader reads. */
    JsonShape envelopeShape() {
        return JsonShape.of("type", "timestamp").with("data", data);
    }

    /** Where a kind's locks come in a batch. */
    int lockOrder(Sync<?> sync) {
        int index = kinds.indexOf(sync);
        if (index < 0) {
            throw new IllegalStateException("a change of a kind that was not added: " + sync);
        }
        return index;
    }
}
