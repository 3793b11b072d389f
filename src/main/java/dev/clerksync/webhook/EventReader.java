package dev.clerksync.webhook;

import jakarta.json.JsonObject;
import java.util.List;

/** Reads the verified envelope of one or more event types into the changes it asks for. */
@FunctionalInterface
public interface EventReader {

    /**
     * @return the changes, the event's own first: it decides the delivery's outcome
     * @throws dev.clerksync.http.InvalidJsonException naming the first field that is wrong
     */
    List<SyncChange<?>> read(String type, JsonObject envelope);
}
