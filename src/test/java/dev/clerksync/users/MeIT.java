package dev.clerksync.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkBackendStandIn.Mode;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.Webhooks.Answer;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/me}: the caller's row, fetched from Clerk when the webhook has not arrived yet. */
class MeIT extends AdminApiTest {

    @Test
    void syncedUserIsAnsweredFromTheTableWithoutCallingClerk() {
        String user = syncedUser("user");
        clerk().reset();

        Answer answer = get("api/me", tokenFor(user));

        assertEquals(200, answer.status(), answer.toString());
        assertEquals(user, answer.json().getString("id"));
        assertEquals("Ada Lovelace", answer.json().getString("displayName"));
        assertEquals(false, answer.json().getBoolean("provisional"));
        assertTrue(answer.json().isNull("phoneNumber"), "every user field is present, null or not");
        assertEquals(List.of(), clerk().requests());
    }

    @Test
    void userNotYetSyncedIsFetchedFromClerkAndStored() {
        String user = ClerkEvents.newUserId();
        clerk().put(ClerkEvents.userCreated(user).name("Grace", "Hopper").role("admin").updatedAt(3_000).data());

        Answer answer = get("api/me", tokenFor(user));

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("Grace Hopper", answer.json().getString("displayName"));
        assertEquals("admin", answer.json().getString("role"));
        assertEquals("GET", clerk().requests().get(0).method());
        assertEquals("/v1/users/" + user, clerk().requests().get(0).path());
        assertEquals("Grace", db().user(user).orElseThrow().get("first_name"));
    }

    @Test
    void whenClerkFailsAProvisionalRowStandsInAndAnyLaterEventOverwritesIt() {
        String user = ClerkEvents.newUserId();
        clerk().mode(Mode.SERVER_ERROR);

        Answer answer = get("api/me", tokenFor(user));

        assertEquals(200, answer.status(), answer.toString());
        JsonObject me = answer.json();
        assertEquals(user, me.getString("id"));
        assertTrue(me.getBoolean("provisional"));
        assertEquals("New User", me.getString("displayName"));
        assertEquals(true, db().user(user).orElseThrow().get("provisional"));

        assertEquals("applied", deliver(ClerkEvents.userCreated(user).name("Late", "Webhook").updatedAt(1).json()));

        assertEquals(false, db().user(user).orElseThrow().get("provisional"));
        assertEquals("Late Webhook", db().user(user).orElseThrow().get("display_name"));
    }

    @Test
    void deletedUserGetsNoProvisionalRow() {
        String user = ClerkEvents.newUserId();
        deliver(ClerkEvents.userDeleted(user, 5_000_000_000_000L));
        clerk().mode(Mode.HANG);

        Answer answer = get("api/me", tokenFor(user));

        assertEquals(404, answer.status(), answer.toString());
        assertTrue(db().user(user).isEmpty());
    }

    @Test
    void userClerkDoesNotKnowIs404() {
        Answer answer = get("api/me", tokenFor(ClerkEvents.newUserId()));

        assertEquals(404, answer.status(), answer.toString());
    }

    @Test
    void meNeedsAValidToken() {
        assertEquals(401, get("api/me", null).status());
    }

    @Test
    void tokenWhoseHeaderIsTheJsonNullIs401() {
        Answer answer = get("api/me", dev.clerksync.fixtures.SessionTokens.HEADER_NULL);

        assertEquals(401, answer.status(), answer.toString());
        assertEquals("application/problem+json", answer.contentType().split(";")[0]);
    }

    @Test
    void signedTokenWithNullSubIs401() {
        Answer answer = get("api/me", dev.clerksync.fixtures.SessionTokens.forUser("user_x").nullSubject().sign());

        assertEquals(401, answer.status(), answer.toString());
        assertEquals(List.of(), clerk().requests());
    }
}
