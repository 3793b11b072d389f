package dev.clerksync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.workload.MixedEvents;
import dev.clerksync.fixtures.workload.PlannedDelivery;
import dev.clerksync.fixtures.workload.UserState;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The benchmark's mixed workload plans what it says it plans; the figures depend on it. */
class MixedPlanTest {

    private static final int DELIVERIES = 8000;

    @Test
    void mixesCreatedUpdatedDeletedAndDeliversTenPercentTwice() {
        List<PlannedDelivery> plan = plan(DuplicateOrder.IMMEDIATE).perClient.get(0);
        assertEquals(DELIVERIES, plan.size());
        long duplicates = plan.stream().filter(PlannedDelivery::duplicate).count();
        Map<String, Long> types = new HashMap<>();
        plan.stream().filter(delivery -> !delivery.duplicate())
                .forEach(delivery -> types.merge(delivery.type(), 1L, Long::sum));
        double events = DELIVERIES - duplicates;
        assertEquals(0.10, duplicates / events, 0.02);
        assertEquals(0.60, types.get(MixedEvents.CREATED) / events, 0.03);
        assertEquals(0.35, types.get(MixedEvents.UPDATED) / events, 0.03);
        assertEquals(0.05, types.get(MixedEvents.DELETED) / events, 0.02);
    }

    @Test
    void immediateDuplicateFollowsItsOriginal() {
        List<PlannedDelivery> plan = plan(DuplicateOrder.IMMEDIATE).perClient.get(0);
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).duplicate()) {
                PlannedDelivery original = plan.get(i - 1);
                assertFalse(original.duplicate());
                assertEquals(original.svixId(), plan.get(i).svixId());
                assertEquals(original.body(), plan.get(i).body());
            }
        }
    }

    @Test
    void lateDuplicateComesAfterItsUsersNextEventOrAfterItsWindow() {
        List<PlannedDelivery> plan = plan(DuplicateOrder.LATE).perClient.get(0);
        int afterNextEvent = 0;
        for (int i = 0; i < plan.size(); i++) {
            PlannedDelivery duplicate = plan.get(i);
            if (!duplicate.duplicate()) {
                continue;
            }
            int original = indexOfOriginal(plan, duplicate.svixId());
            assertTrue(original < i - 1 || plan.get(i - 1).duplicate(), "a late duplicate is not sent right away");
            boolean newerEventBefore = plan.subList(original + 1, i).stream()
                    .anyMatch(other -> !other.duplicate() && other.objectId().equals(duplicate.objectId()));
            if (newerEventBefore) {
                afterNextEvent++;
            } else {
                assertTrue(i - original <= 201 + 50, "held no longer than its window (plus queued duplicates)");
            }
        }
        assertTrue(afterNextEvent > 0, "some late duplicates land after a newer event of their user");
        long duplicates = plan.stream().filter(PlannedDelivery::duplicate).count();
        assertEquals(0.10, duplicates / (double) (DELIVERIES - duplicates), 0.02, "no duplicate is left unsent");
    }

    @Test
    void bodiesAreClerkShaped() {
        for (PlannedDelivery delivery : plan(DuplicateOrder.IMMEDIATE).perClient.get(0).subList(0, 200)) {
            JsonObject event = Json.createReader(new StringReader(delivery.body())).readObject();
            assertEquals(delivery.type(), event.getString("type"));
            assertTrue(event.getJsonNumber("timestamp").longValue() > 1_600_000_000_000L, "milliseconds");
            JsonObject data = event.getJsonObject("data");
            assertEquals(delivery.objectId(), data.getString("id"));
            if (delivery.type().equals(MixedEvents.DELETED)) {
                assertEquals(Json.createObjectBuilder().add("deleted", true).add("id", delivery.objectId())
                        .add("object", "user").build(), data);
            } else {
                UserState state = (UserState) delivery.state();
                String primary = data.getString("primary_email_address_id");
                assertTrue(data.getJsonArray("email_addresses").stream().map(JsonObject.class::cast)
                        .anyMatch(email -> email.getString("id").equals(primary)
                                && email.getString("email_address").equals(state.email())));
                assertEquals(state.role(), data.getJsonObject("public_metadata").getString("role", null));
            }
        }
    }

    private static MixedPlan plan(DuplicateOrder order) {
        return MixedPlan.create(1, DELIVERIES, order, 10, new SplittableRandom(7));
    }

    private static int indexOfOriginal(List<PlannedDelivery> plan, String svixId) {
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).svixId().equals(svixId) && !plan.get(i).duplicate()) {
                return i;
            }
        }
        throw new AssertionError("no original for " + svixId);
    }
}
