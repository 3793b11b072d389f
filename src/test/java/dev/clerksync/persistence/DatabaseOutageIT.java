package dev.clerksync.persistence;

import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.support.DeployedWar;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks.Delivery;
import dev.clerksync.support.Webhooks;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook step 9 of docs/contract.md: with the database gone, a delivery is answered 503 with Retry-After and nothing is
 * committed, so Svix retries; once the database is back, the same delivery applies.
 */
class DatabaseOutageIT extends DeployedWar {

    private static final int RETRIES = 10;

    @AfterEach
    void databaseBack() {
        db().start();
    }

    @Test
    void deliveryDuringAnOutageIs503AndTheSameDeliveryAppliesOnceTheDatabaseIsBack() throws InterruptedException {
        Webhooks webhooks = webhooks();
        String userId = newUserId();
        String body = userCreated(userId).updatedAt(1_000).json();
        Delivery first = webhooks.delivery(body);

        db().stop();
        Answer duringOutage = first.post();
        Answer healthDuringOutage = health();
        db().start();

        assertEquals(503, duringOutage.status(), duringOutage.toString());
        assertEquals("application/problem+json", duringOutage.contentType().split(";")[0]);
        assertNotNull(duringOutage.retryAfter());
        assertTrue(Integer.parseInt(duringOutage.retryAfter()) > 0);
        assertEquals(503, healthDuringOutage.status());
        assertTrue(db().user(userId).isEmpty());
        assertEquals(0, db().count("select count(*) from webhook_events where svix_id = ?", first.id()));

        // As Svix retries: at once, then again a little later. Straight to the database the first retry
        // applies; behind PgBouncer, it may wait a second for the pooler's next server login.
        Answer retry = webhooks.delivery(body).id(first.id()).post();
        for (int attempt = 1; retry.status() == 503 && attempt < RETRIES; attempt++) {
            Thread.sleep(1_000);
            retry = webhooks.delivery(body).id(first.id()).post();
        }

        assertEquals(200, retry.status(), retry.toString());
        assertEquals("applied", retry.outcome());
        assertTrue(db().user(userId).isPresent());
        assertEquals(200, health().status());
    }

    private Answer health() {
        return Answer.send(HttpRequest.newBuilder(URI.create(base + "health")).build());
    }
}
