package dev.clerksync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.ratelimit.Rate;
import dev.clerksync.ratelimit.RateLimiter;
import dev.clerksync.support.StubRequest;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which Authorization headers carry a bearer token at all; RFC 6750 answers the others without an error code. */
class BearerAuthenticatorTest {

    private final BearerAuthenticator authenticator =
            new BearerAuthenticator(SessionTokenVerifierTest.verifier(Set.of(SessionTokens.AUTHORIZED_PARTY)),
                    new RateLimiter("callers", Rate.perMinute(1_000), 100, Clock.systemUTC()));

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "Bearerabc"})
    void headerWithoutABearerTokenIsNoToken(String authorization) {
        StubRequest request = StubRequest.with();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }

        InvalidTokenException e = assertThrows(InvalidTokenException.class,
                () -> authenticator.authenticate(request.build()));

        assertFalse(e.tokenPresent());
        assertEquals("an Authorization: Bearer <Clerk session token> header is required", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer ", "bearer ", "BEARER ", "Bearer   "})
    void schemeIsCaseInsensitiveAndSpaceAroundTheTokenIsIgnored(String prefix) {
        String token = SessionTokens.forUser("user_2abc").sign();

        Caller caller = authenticator.authenticate(
                StubRequest.with().header("Authorization", prefix + token + " ").build());

        assertEquals(new Caller("user_2abc"), caller);
    }

    @Test
    void bearerTokenThatDoesNotVerifyIsAPresentToken() {
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> authenticator.authenticate(
                StubRequest.with().header("Authorization", "Bearer not.a.jwt").build()));

        assertTrue(e.tokenPresent());
    }
}
