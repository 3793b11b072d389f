package dev.clerksync.faults;

import dev.clerksync.fixtures.workload.MixedEvents;
import dev.clerksync.fixtures.workload.PlannedDelivery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * What the fault suite's sender delivers, in the order it starts them: Clerk events for a few hundred
 * users ({@link MixedEvents}, with few sign-ups and many changes each), stale updates of users already
 * deleted (a new svix-id, the body of the user's last version before its deletion), a share of the
 * events delivered a second time later on (same svix-id and body, as Svix redelivers), and the order
 * shuffled within windows, since Svix promises none.
 */
final class FaultPlan {

    private static final String INSTANCE_ID = "ins_2faultsuite0000000000000000";

    final List<PlannedDelivery> deliveries;
    final int events;
    final int staleUpdatesOfDeleted;
    final int duplicates;
    final int users;
    final int deletedUsers;

    private FaultPlan(List<PlannedDelivery> deliveries, int events, int staleUpdatesOfDeleted, int duplicates,
            int users, int deletedUsers) {
        this.deliveries = List.copyOf(deliveries);
        this.events = events;
        this.staleUpdatesOfDeleted = staleUpdatesOfDeleted;
        this.duplicates = duplicates;
        this.users = users;
        this.deletedUsers = deletedUsers;
    }

    /**
     * @param events           distinct events (svix-ids), stale updates of deleted users included
     * @param createdPercent   share of sign-ups among the generated events: sets how many users there are
     * @param deletedPercent   share of deletions
     * @param duplicatePercent share of events delivered a second time, up to {@code lateBy} deliveries later
     * @param window           the order is shuffled within consecutive windows of this many deliveries
     */
    static FaultPlan create(long seed, int events, int createdPercent, int deletedPercent, int duplicatePercent,
            int lateBy, int window) {
        SplittableRandom random = new SplittableRandom(seed);
        MixedEvents generator = new MixedEvents(random.split(), INSTANCE_ID, createdPercent,
                100 - createdPercent - deletedPercent);
        // Slots: each delivery is placed at a position; later ones are inserted into the list afterwards.
        List<List<PlannedDelivery>> slots = new ArrayList<>();
        Map<String, PlannedDelivery> lastVersion = new HashMap<>();
        List<PlannedDelivery> distinct = new ArrayList<>();
        int stale = 0;
        int users = 0;
        int deleted = 0;
        while (distinct.size() < events) {
            PlannedDelivery event = generator.next();
            distinct.add(event);
            place(slots, slots.size(), event);
            switch (event.type()) {
                case MixedEvents.CREATED -> users++;
                case MixedEvents.DELETED -> deleted++;
                default -> { }
            }
            if (event.type().equals(MixedEvents.DELETED)) {
                PlannedDelivery before = lastVersion.remove(event.objectId());
                if (before != null && random.nextInt(2) == 0 && distinct.size() < events) {
                    PlannedDelivery staleUpdate = staleUpdateOf(before, "msg_2stale" + Long.toString(
                            random.nextLong() & Long.MAX_VALUE, 36));
                    distinct.add(staleUpdate);
                    place(slots, slots.size() + 1 + random.nextInt(lateBy), staleUpdate);
                    stale++;
                }
            } else {
                lastVersion.put(event.objectId(), event);
            }
        }
        int duplicates = 0;
        for (int i = 0; i < slots.size(); i++) {
            for (PlannedDelivery delivery : List.copyOf(slots.get(i))) {
                if (!delivery.duplicate() && random.nextInt(100) < duplicatePercent) {
                    place(slots, i + 1 + random.nextInt(lateBy), delivery.again());
                    duplicates++;
                }
            }
        }
        List<PlannedDelivery> ordered = new ArrayList<>();
        slots.forEach(ordered::addAll);
        Random shuffler = new Random(random.nextLong());
        for (int from = 0; from < ordered.size(); from += window) {
            Collections.shuffle(ordered.subList(from, Math.min(ordered.size(), from + window)), shuffler);
        }
        return new FaultPlan(ordered, distinct.size(), stale, duplicates, users, deleted);
    }

    private static void place(List<List<PlannedDelivery>> slots, int at, PlannedDelivery delivery) {
        while (slots.size() <= at) {
            slots.add(new ArrayList<>(1));
        }
        slots.get(at).add(delivery);
    }

    /**
     * The user's last version before its deletion, sent again as a new event: older than the
     * tombstone, so it must be {@code stale} and must not bring the user back.
     */
    private static PlannedDelivery staleUpdateOf(PlannedDelivery before, String svixId) {
        String body = before.body();
        int type = body.lastIndexOf("\"type\":\"");
        String updated = body.substring(0, type) + "\"type\":\"" + MixedEvents.UPDATED + "\"}";
        // Sequence -1: in the model, it never wins over any of the user's events.
        return new PlannedDelivery(svixId, MixedEvents.UPDATED, updated, before.objectId(), -1, before.state(), false);
    }

    int size() {
        return deliveries.size();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d deliveries: %d events for %d users (%d deleted; %d stale updates of"
                + " deleted users among the events) + %d duplicates (%.0f %%)", deliveries.size(), events, users,
                deletedUsers, staleUpdatesOfDeleted, duplicates, 100.0 * duplicates / events);
    }
}
