package dev.clerksync.admin;

import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks.Delivery;
import dev.clerksync.support.Webhooks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/admin/webhook-events/{svixId}/replay}: a failed delivery, applied again after a fix. */
class ReplayIT extends AdminApiTest {

    private String token;

    @BeforeEach
    void anAdministrator() {
        token = tokenFor(syncedUser("admin"));
    }

    @Test
    void failedDeliveryWhosePayloadNowAppliesIsReplayedAndItsRecordUpdated() {
        // As an older release left it: a usable event recorded as failed.
        String user = newUserId();
        String svixId = Webhooks.newMessageId();
        db().execute("""
                insert into webhook_events (svix_id, event_type, outcome, error, payload, attempts, received_at, processed_at)
                values (?, 'user.created', 'failed', 'a bug since fixed', ?, 3, now(), now())""",
                svixId, userCreated(user).updatedAt(1_000).json());

        Answer replayed = post("api/admin/webhook-events/" + svixId + "/replay", token, "");

        assertEquals(200, replayed.status(), replayed.toString());
        assertEquals("applied", replayed.outcome());
        assertTrue(db().user(user).isPresent());
        assertEquals(1, db().count("select count(*) from webhook_events where svix_id = ? and outcome = 'applied'"
                + " and attempts = 4 and payload is null and error is null", svixId));
    }

    @Test
    void failedDeliveryWhoseSvixIdHasPunctuationCanBeReplayed() {
        // Any svix-id the webhook takes (printable ASCII) can be recorded, so it can be replayed too.
        String user = newUserId();
        String svixId = "msg.odd:id~" + newUserId().substring(5, 15);
        db().execute("""
                insert into webhook_events (svix_id, event_type, outcome, error, payload, attempts, received_at, processed_at)
                values (?, 'user.created', 'failed', 'a bug since fixed', ?, 1, now(), now())""",
                svixId, userCreated(user).updatedAt(1_000).json());

        Answer replayed = post("api/admin/webhook-events/" + svixId + "/replay", token, "");

        assertEquals(200, replayed.status(), replayed.toString());
        assertTrue(db().user(user).isPresent());
    }

    @Test
    void stillMalformedPayloadIs400AndCountsTheAttempt() {
        Delivery malformed = webhooks().delivery("{\"type\":\"user.created\",\"data\":{\"id\":\"user_x\",\"updated_at\":\"soon\"}}");
        assertEquals(400, malformed.post().status());

        Answer replayed = post("api/admin/webhook-events/" + malformed.id() + "/replay", token, "");

        assertEquals(400, replayed.status(), replayed.toString());
        assertEquals(1, db().count("select count(*) from webhook_events where svix_id = ? and outcome = 'failed'"
                + " and attempts = 2", malformed.id()));
    }

    @Test
    void replayThatPostgresqlRefusesIs400AndStaysFailedLikeTheWebhook() {
        String refused = "Refused-on-replay-by-a-check-constraint";
        Delivery delivery = webhooks().delivery(userCreated(newUserId()).name("Ada", refused).updatedAt(1_000).json());
        // Parsing refuses what PostgreSQL cannot store that we know of; a constraint stands in for the rest.
        db().execute("alter table users add constraint refuse_on_replay check (last_name is distinct from '"
                + refused + "')");
        Answer delivered;
        Answer replayed;
        try {
            delivered = delivery.post();
            replayed = post("api/admin/webhook-events/" + delivery.id() + "/replay", token, "");
        } finally {
            db().execute("alter table users drop constraint refuse_on_replay");
        }

        assertEquals(400, delivered.status(), delivered.toString());
        assertEquals(400, replayed.status(), replayed.toString());
        assertFalse(replayed.body().contains("refuse_on_replay"), "PostgreSQL's words stay out of the answer");
        assertEquals(1, db().count("select count(*) from webhook_events where svix_id = ? and outcome = 'failed'"
                + " and attempts = 2 and payload is not null and error like '%SQLState 23514%'", delivery.id()));
    }

    @Test
    void unknownSvixIdIs404() {
        assertEquals(404, post("api/admin/webhook-events/" + Webhooks.newMessageId() + "/replay", token, "").status());
    }

    @Test
    void deliveryThatWasAppliedIs409AndChangesNothing() {
        Delivery applied = webhooks().delivery(userCreated(newUserId()).updatedAt(1_000).json());
        assertEquals("applied", applied.post().outcome());

        Answer replayed = post("api/admin/webhook-events/" + applied.id() + "/replay", token, "");

        assertEquals(409, replayed.status(), replayed.toString());
        assertEquals(1, db().count("select count(*) from webhook_events where svix_id = ? and attempts = 1",
                applied.id()));
    }

    @Test
    void replayNeedsAnAdministrator() {
        assertEquals(401, post("api/admin/webhook-events/" + Webhooks.newMessageId() + "/replay", null, "").status());
    }
}
