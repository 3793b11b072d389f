package dev.clerksync.reconcile;

import static dev.clerksync.http.JsonFields.optionalBoolean;
import static dev.clerksync.http.JsonFields.parseObject;

import jakarta.json.JsonObject;

/**
 * What a reconcile run does besides bringing Clerk's users in.
 *
 * @param dryRun        decide everything, write nothing
 * @param deleteMissing also delete (with a tombstone) local users Clerk no longer lists
 */
public record ReconcileOptions(boolean dryRun, boolean deleteMissing) {

    /** The request body; an empty one means neither option. */
    static ReconcileOptions fromJson(byte[] body) {
        if (body.length == 0) {
            return new ReconcileOptions(false, false);
        }
        JsonObject object = parseObject(body);
        return new ReconcileOptions(optionalBoolean(object, "body", "dryRun", false),
                optionalBoolean(object, "body", "deleteMissing", false));
    }
}
