package dev.clerksync.bench;

/**
 * One delivery of the mixed workload, before it is signed.
 *
 * @param sequence  the event's number among its user's events: the later event wins
 * @param state     what the server should hold for the user once this event is applied
 * @param duplicate a second delivery of an event already sent (same svix-id, same body)
 */
public record PlannedDelivery(String svixId, String type, String body, String userId, int sequence, UserState state,
        boolean duplicate) {

    public PlannedDelivery again() {
        return new PlannedDelivery(svixId, type, body, userId, sequence, state, true);
    }
}
