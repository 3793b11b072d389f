package dev.clerksync.bench;

import dev.clerksync.fixtures.workload.EventSource;
import dev.clerksync.fixtures.workload.MixedEvents;
import dev.clerksync.fixtures.workload.PlannedDelivery;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * One round of a mixed workload ({@link Traffic}): per sender (client thread), the deliveries in the
 * order it sends them, duplicates included. Planned in full before the round, so that the load
 * client only writes bytes; since each sender owns its objects and waits for each answer, the order
 * within a sender is also the order in which the server sees that sender's objects' events.
 */
final class MixedPlan {

    // How many of its own deliveries a sender holds a late duplicate back at most, when the user has no
    // newer event by then: Svix's retries come back within minutes, not never.
    private static final int LATE_WINDOW = 200;

    final Traffic traffic;
    final DuplicateOrder order;
    final List<List<PlannedDelivery>> perClient;

    private MixedPlan(Traffic traffic, DuplicateOrder order, List<List<PlannedDelivery>> perClient) {
        this.traffic = traffic;
        this.order = order;
        this.perClient = perClient;
    }

    /** The default traffic, users only. */
    static MixedPlan create(int clients, int deliveries, DuplicateOrder order, int duplicatePercent,
            SplittableRandom random) {
        return create(Traffic.MIXED, clients, deliveries, order, duplicatePercent, random);
    }

    /** {@code deliveries} in all (duplicates included), spread evenly over {@code clients} senders. */
    static MixedPlan create(Traffic traffic, int clients, int deliveries, DuplicateOrder order, int duplicatePercent,
            SplittableRandom random) {
        String instanceId = MixedEvents.newInstanceId(random);
        List<List<PlannedDelivery>> perClient = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            int count = deliveries / clients + (client < deliveries % clients ? 1 : 0);
            Sender sender = new Sender(traffic.senders.apply(random.split(), instanceId), order, duplicatePercent,
                    random.split());
            perClient.add(sender.plan(count));
        }
        return new MixedPlan(traffic, order, perClient);
    }

    /** Every svix-id of the round, to pick its lines out of the server's log. */
    Set<String> svixIds() {
        Set<String> ids = new HashSet<>();
        perClient.forEach(plan -> plan.forEach(delivery -> ids.add(delivery.svixId())));
        return ids;
    }

    /**
     * What was sent, by type: {@code sent} holds how many of its plan each client got through. An
     * event older than one of its object sent before it (the b2b traffic's out-of-order ones) is
     * counted as stale, not by its type.
     */
    String mix(int[] sent) {
        Map<String, Integer> events = new LinkedHashMap<>();
        traffic.types.forEach(type -> events.put(type, 0));
        Map<String, Integer> newest = new HashMap<>();
        int stale = 0;
        int duplicates = 0;
        for (int client = 0; client < perClient.size(); client++) {
            for (PlannedDelivery delivery : perClient.get(client).subList(0, sent[client])) {
                if (delivery.duplicate()) {
                    duplicates++;
                } else if (delivery.sequence() <= newest.getOrDefault(delivery.objectId(), -1)) {
                    stale++;
                } else {
                    newest.put(delivery.objectId(), delivery.sequence());
                    events.merge(delivery.type(), 1, Integer::sum);
                }
            }
        }
        StringJoiner text = new StringJoiner(" ");
        events.forEach((type, count) -> text.add(traffic.label(type) + " " + count));
        if (stale > 0) {
            text.add("+ stale " + stale);
        }
        return String.format(Locale.ROOT, "%s + duplicates %d (%s)", text, duplicates, order.label());
    }

    /** One sender's schedule: new events, with duplicates placed as {@link DuplicateOrder} says. */
    private static final class Sender {

        private final EventSource events;
        private final DuplicateOrder order;
        private final int duplicatePercent;
        private final SplittableRandom random;
        // Duplicates to send before any new event.
        private final ArrayDeque<PlannedDelivery> due = new ArrayDeque<>();
        // Late duplicates, oldest first, until their user's next event or the end of their window.
        private final ArrayDeque<Held> held = new ArrayDeque<>();

        private record Held(PlannedDelivery original, int dueAt) {
        }

        Sender(EventSource events, DuplicateOrder order, int duplicatePercent, SplittableRandom random) {
            this.events = events;
            this.order = order;
            this.duplicatePercent = duplicatePercent;
            this.random = random;
        }

        List<PlannedDelivery> plan(int count) {
            List<PlannedDelivery> plan = new ArrayList<>(count);
            while (plan.size() < count) {
                if (!due.isEmpty()) {
                    plan.add(due.poll().again());
                } else if (!held.isEmpty() && (held.peek().dueAt <= plan.size() || count - plan.size() <= held.size())) {
                    // Also when only the held duplicates still fit: a round that ends holding them
                    // back would send fewer duplicates than asked, and short rounds most of all.
                    plan.add(held.poll().original.again());
                } else {
                    PlannedDelivery event = events.next();
                    plan.add(event);
                    releaseHeldDuplicatesOf(event.objectId());
                    maybeDeliverTwice(event, plan.size());
                }
            }
            return plan;
        }

        /** A newer event of this object has just been sent: its held duplicates are now stale redeliveries. */
        private void releaseHeldDuplicatesOf(String objectId) {
            for (Iterator<Held> it = held.iterator(); it.hasNext();) {
                Held waiting = it.next();
                if (waiting.original.objectId().equals(objectId)) {
                    it.remove();
                    due.add(waiting.original);
                }
            }
        }

        private void maybeDeliverTwice(PlannedDelivery event, int position) {
            if (random.nextInt(100) >= duplicatePercent) {
                return;
            }
            if (order == DuplicateOrder.LATE) {
                held.add(new Held(event, position + 1 + random.nextInt(LATE_WINDOW)));
            } else {
                due.add(event);
            }
        }
    }
}
