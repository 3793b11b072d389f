package dev.clerksync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.Webhooks.Answer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AdminFilter: who is calling (401 otherwise), and may they (403 otherwise). */
class AdminFilterIT extends AdminApiTest {

    private static final String GUARDED = "api/admin/users/stats";

    private String admin;

    @BeforeEach
    void anAdministrator() {
        admin = syncedUser("admin");
    }

    static Stream<Arguments> badTokens() {
        return Stream.of(
                Arguments.of("garbage", (Function<String, String>) id -> "not.a.jwt"),
                Arguments.of("signed by another key",
                        (Function<String, String>) id -> SessionTokens.forUser(id).signedWith(SessionTokens.OTHER_KEY)
                                .kid(SessionTokens.KEY.getKeyID()).sign()),
                Arguments.of("expired", (Function<String, String>) id -> SessionTokens.forUser(id).expired().sign()),
                Arguments.of("nbf ahead", (Function<String, String>) id -> SessionTokens.forUser(id).notYetValid().sign()),
                Arguments.of("iat in the future",
                        (Function<String, String>) id -> SessionTokens.forUser(id).issuedInTheFuture().sign()),
                Arguments.of("alg none", (Function<String, String>) id -> SessionTokens.forUser(id).unsigned()),
                Arguments.of("HS256 keyed with the PEM text",
                        (Function<String, String>) id -> SessionTokens.forUser(id).hmacWithPublicPem()),
                Arguments.of("wrong iss",
                        (Function<String, String>) id -> SessionTokens.forUser(id).issuer("https://evil.example").sign()),
                Arguments.of("wrong azp",
                        (Function<String, String>) id -> SessionTokens.forUser(id).azp("https://evil.example").sign()),
                Arguments.of("no azp", (Function<String, String>) id -> SessionTokens.forUser(id).azp(null).sign()),
                Arguments.of("sub that is no user id",
                        (Function<String, String>) id -> SessionTokens.forUser(id).subject("org_123").sign()),
                Arguments.of("sub null", (Function<String, String>) id -> SessionTokens.forUser(id).nullSubject().sign()),
                Arguments.of("JOSE header the JSON null", (Function<String, String>) id -> SessionTokens.HEADER_NULL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void invalidTokenOfAnAdministratorIs401WithInvalidTokenChallenge(String description,
            Function<String, String> token) {
        Answer answer = get(GUARDED, token.apply(admin));

        assertUnauthorized(answer);
        assertEquals("Bearer error=\"invalid_token\"", answer.wwwAuthenticate());
    }

    @Test
    void missingAuthorizationIs401WithABareBearerChallenge() {
        Answer answer = get(GUARDED, null);

        assertUnauthorized(answer);
        assertEquals("Bearer", answer.wwwAuthenticate());
    }

    @Test
    void authorizationThatIsNotBearerIs401() {
        Answer answer = Answer.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + GUARDED))
                .header("Authorization", "Basic " + tokenFor(admin)).build());

        assertUnauthorized(answer);
    }

    @Test
    void validTokenOfAnAdministratorPasses() {
        assertEquals(200, get(GUARDED, tokenFor(admin)).status());
    }

    @Test
    void secondAuthorizedPartyIsAcceptedToo() {
        assertEquals(200, get(GUARDED, SessionTokens.forUser(admin).azp("https://admin.test.example").sign()).status());
    }

    @Test
    void validTokenOfANonAdministratorIs403() {
        Answer answer = get(GUARDED, tokenFor(syncedUser("user")));

        assertEquals(403, answer.status(), answer.toString());
        assertEquals("application/problem+json", answer.contentType().split(";")[0]);
    }

    @Test
    void validTokenOfAnUnknownUserIs403() {
        assertEquals(403, get(GUARDED, tokenFor(ClerkEvents.newUserId())).status());
    }

    @Test
    void demotedAdministratorIsRefusedAtOnceDespiteAStillValidToken() {
        String token = tokenFor(admin);
        deliver(ClerkEvents.userUpdated(admin).role("user").updatedAt(2_000).json());

        assertEquals(403, get(GUARDED, token).status());
    }

    private static void assertUnauthorized(Answer answer) {
        assertEquals(401, answer.status(), answer.toString());
        assertEquals("application/problem+json", answer.contentType().split(";")[0]);
        assertTrue(answer.wwwAuthenticate().startsWith("Bearer"));
        assertFalse(answer.body().contains("eyJ"), "the token must not be echoed: " + answer.body());
    }
}
