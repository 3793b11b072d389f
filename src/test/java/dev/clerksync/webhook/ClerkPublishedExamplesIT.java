package dev.clerksync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.support.DeployedWar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clerk's published example payloads (src/test/resources/clerk/payloads, copied
 * from Clerk's documentation), posted byte for byte as published, freshly signed.
 */
class ClerkPublishedExamplesIT extends DeployedWar {

    private static final String DOCS_USER = "user_29w83sxmDNGwOuEthce5gg56FcC";
    private static final String OPENAPI_USER = "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S";
    private static final String CATALOG_DELETED_USER = "user_29wBMCtzATuFJut8jO2VNTVekS4";


    @BeforeEach
    void forgetTheExampleUsers() {
        for (String id : new String[] {DOCS_USER, OPENAPI_USER, CATALOG_DELETED_USER}) {
            db().execute("delete from users where id = ?", id);
            db().execute("delete from user_tombstones where user_id = ?", id);
        }
    }

    @Test
    void docsUserCreatedExampleStoresTheUser() {
        assertEquals("applied", post("user.created.clerk-docs.json"));

        Map<String, Object> row = db().user(DOCS_USER).orElseThrow();
        assertEquals("example@example.org", row.get("email"));
        assertEquals("Example Example", row.get("display_name"));
        assertEquals("https://img.clerk.com/xxxxxx", row.get("image_url"));
        assertEquals("user", row.get("role"));
        assertTrue(row.get("username").toString().startsWith("example"));
        assertNull(row.get("phone_number"));
    }

    @Test
    void eventCatalogUserUpdatedExampleUpdatesTheDocsUser() {
        post("user.created.clerk-docs.json");

        assertEquals("applied", post("user.updated.clerk-event-catalog.json"));

        Map<String, Object> row = db().user(DOCS_USER).orElseThrow();
        assertNull(row.get("last_name"));
        assertEquals("Example", row.get("display_name"));
        assertNull(row.get("last_sign_in_at"));
    }

    @Test
    void eventCatalogUserDeletedExampleLeavesATombstoneInMilliseconds() {
        assertEquals("applied", post("user.deleted.clerk-event-catalog.json"));

        assertEquals(1, db().count("select count(*) from user_tombstones where user_id = ?"
                + " and deleted_at = to_timestamp(1661861640)", CATALOG_DELETED_USER));
    }

    @Test
    void openApiUserCreatedExampleHasNoEmailEntriesAndIsStoredWithoutEmail() {
        assertEquals("applied", post("user.created.clerk-openapi-webhooks-2025-04-15.json"));

        Map<String, Object> row = db().user(OPENAPI_USER).orElseThrow();
        assertNull(row.get("email"));
        assertEquals("John Doe", row.get("display_name"));
    }

    @Test
    void openApiUserUpdatedExampleTakesTheUsernameAndMetadata() {
        post("user.created.clerk-openapi-webhooks-2025-04-15.json");

        assertEquals("applied", post("user.updated.clerk-openapi-webhooks-2025-04-15.json"));

        Map<String, Object> row = db().user(OPENAPI_USER).orElseThrow();
        assertTrue(row.get("username").toString().startsWith("johndoe"));
        assertEquals("Doe Updated", row.get("last_name"));
        assertTrue(row.get("public_metadata").toString().contains("engineering"));
    }

    @Test
    void openApiUserDeletedExampleInSecondsDeletesTheUser() {
        post("user.created.clerk-openapi-webhooks-2025-04-15.json");

        assertEquals("applied", post("user.deleted.clerk-openapi-webhooks-2025-04-15.json"));

        assertTrue(db().user(OPENAPI_USER).isEmpty());
        assertEquals("stale", post("user.created.clerk-openapi-webhooks-2025-04-15.json"));
    }

    private String post(String example) {
        return deliver(read(example));
    }

    private static String read(String example) {
        try (InputStream in = ClerkPublishedExamplesIT.class.getResourceAsStream("/clerk/payloads/" + example)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
