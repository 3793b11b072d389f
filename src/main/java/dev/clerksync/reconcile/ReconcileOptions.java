package dev.clerksync.reconcile;

import static dev.clerksync.http.JsonFields.optionalBoolean;
import static dev.clerksync.http.JsonFields.optionalString;
import static dev.clerksync.http.JsonFields.parseObject;

import dev.clerksync.http.InvalidJsonException;
import jakarta.json.JsonObject;

/**
 * What a reconcile run walks, and what it does besides bringing Clerk's objects in.
 *
 * @param dryRun        decide everything, write nothing
 * @param deleteMissing also delete (with a tombstone) local rows Clerk no longer lists
 * @param scope         which of Clerk's lists the run walks
 */
public record ReconcileOptions(boolean dryRun, boolean deleteMissing, ReconcileScope scope) {

    /** A run over the users, as before scopes existed. */
    public ReconcileOptions(boolean dryRun, boolean deleteMissing) {
        this(dryRun, deleteMissing, ReconcileScope.USERS);
    }

    /** The request body; an empty one means neither option, over the users. */
    static ReconcileOptions fromJson(byte[] body) {
        if (body.length == 0) {
            return new ReconcileOptions(false, false);
        }
        JsonObject object = parseObject(body);
        String scope = optionalString(object, "body", "scope");
        return new ReconcileOptions(optionalBoolean(object, "body", "dryRun", false),
                optionalBoolean(object, "body", "deleteMissing", false),
                scope == null ? ReconcileScope.USERS : ReconcileScope.of(scope).orElseThrow(() ->
                        new InvalidJsonException("body.scope must be \"users\", \"organizations\" or \"all\"")));
    }
}
