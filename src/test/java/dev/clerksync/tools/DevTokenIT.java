package dev.clerksync.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.Program;
import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.Webhooks.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens from DevToken work where Clerk's do: the deployed WAR trusts {@link SessionTokens#KEY}, so
 * DevToken signs with that key's private half, written as the PKCS#8 PEM a local run writes.
 */
class DevTokenIT extends AdminApiTest {

    @TempDir
    Path dir;

    private Path key;

    @BeforeEach
    void theTrustedKeyAsAPemFile() throws Exception {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(SessionTokens.KEY.toRSAPrivateKey().getEncoded());
        key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
    }

    @Test
    void meAnswersTheCallerOfADevToken() {
        String user = syncedUser("user");

        Answer answer = get("api/me", devToken(user));

        assertEquals(200, answer.status(), answer.toString());
        assertEquals(user, answer.json().getString("id"));
    }

    @Test
    void setRoleSucceedsWithTheDevTokenOfAnAdministrator() {
        String admin = syncedUser("admin");
        String target = syncedUser("user");

        Answer answer = post("api/admin/set-role", devToken(admin),
                "{\"targetUserId\":\"" + target + "\",\"role\":\"admin\"}");

        assertEquals(200, answer.status(), answer.toString());
        assertTrue(answer.json().getBoolean("success"));
        assertEquals("admin", db().user(target).orElseThrow().get("role"));
    }

    @Test
    void withoutTheIssuerTheWarExpectsTheTokenIsRefused() {
        String user = syncedUser("user");

        Answer answer = get("api/me", mint("--key", key.toString(), "--azp", SessionTokens.AUTHORIZED_PARTY, user));

        assertEquals(401, answer.status(), answer.toString());
    }

    /** The deployed WAR checks iss and azp (CLERK_ISSUER, CLERK_AUTHORIZED_PARTIES), so ask for both. */
    private String devToken(String user) {
        return mint("--key", key.toString(), "--iss", SessionTokens.ISSUER, "--azp", SessionTokens.AUTHORIZED_PARTY,
                "--state-dir", dir.toString(), user);
    }

    private static String mint(String... args) {
        try {
            Program.Run run = Program.run("dev.clerksync.tools.DevToken", args);
            assertEquals(0, run.status(), run.toString());
            return run.out().trim();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("DevToken did not run", e);
        }
    }
}
