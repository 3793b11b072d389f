package dev.clerksync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Session tokens checked against the JWKS (CLERK_JWKS_URL, served by the Clerk stand-in) instead
 * of a PEM key. A deployment of its own, so it does not share DeployedWar's.
 */
@ExtendWith(ArquillianExtension.class)
class JwksSessionTokensIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestEnvironment.warWithJwks("clerk-sync.war");
    }

    @ArquillianResource
    private URL base;

    private String admin;

    @BeforeEach
    void anAdministrator() {
        admin = ClerkEvents.newUserId();
        Answer created = new Webhooks(base).delivery(ClerkEvents.userCreated(admin).role("admin").json()).post();
        assertEquals(200, created.status(), created.toString());
    }

    @Test
    void tokenSignedWithAKeyInTheJwksPasses() {
        assertEquals(200, stats(SessionTokens.forUser(admin).sign()).status());
    }

    @Test
    void unknownKidIs401AndRefetchesTheJwksAtMostOncePerInterval() {
        stats(SessionTokens.forUser(admin).sign());
        long fetchesBefore = clerk().jwksFetches();

        for (int i = 0; i < 3; i++) {
            Answer answer = stats(SessionTokens.forUser(admin).signedWith(SessionTokens.UNKNOWN_KEY).sign());
            assertEquals(401, answer.status(), answer.toString());
        }

        long fetches = clerk().jwksFetches() - fetchesBefore;
        assertTrue(fetches <= 1, "JWKS fetched " + fetches + " times for 3 tokens with an unknown kid");
    }

    @Test
    void keyAddedToTheJwksLaterIsFetchedOnItsFirstToken() {
        clerk().jwks(new com.nimbusds.jose.jwk.JWKSet(List.of(SessionTokens.KEY.toPublicJWK(),
                SessionTokens.OTHER_KEY.toPublicJWK())).toString());
        try {
            long fetchesBefore = clerk().jwksFetches();

            Answer answer = stats(SessionTokens.forUser(admin).signedWith(SessionTokens.OTHER_KEY).sign());

            assertEquals(200, answer.status(), answer.toString());
            assertEquals(1, clerk().jwksFetches() - fetchesBefore);
        } finally {
            clerk().jwks(SessionTokens.jwks());
        }
    }

    private Answer stats(String token) {
        return Answer.send(HttpRequest.newBuilder(URI.create(base + "api/admin/users/stats"))
                .header("Authorization", "Bearer " + token).build());
    }

    private static ClerkBackendStandIn clerk() {
        return TestEnvironment.clerk();
    }
}
