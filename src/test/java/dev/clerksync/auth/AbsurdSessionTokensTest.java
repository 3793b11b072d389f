package dev.clerksync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.clerksync.config.Settings;
import dev.clerksync.fixtures.SessionTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens no client would send: every one is a 401 (InvalidTokenException), never another exception. */
class AbsurdSessionTokensTest {

    private final SessionTokenVerifier verifier = new SessionTokenVerifier(new Settings.SessionTokens(
            Optional.of(SessionTokens.publicPem()), Optional.empty(), Optional.of(SessionTokens.ISSUER), Set.of()),
            Clock.systemUTC());

    @Test
    void validTokenGivesItsCaller() {
        assertEquals(new Caller("user_abc"), verifier.verify(SessionTokens.forUser("user_abc").sign()));
    }

    @Test
    void signedTokenWithNullSubIsInvalidLikeOneWithoutSub() {
        InvalidTokenException e = assertThrows(InvalidTokenException.class,
                () -> verifier.verify(SessionTokens.forUser("user_abc").nullSubject().sign()));

        assertTrue(e.tokenPresent());
    }

    @Test
    void signedTokenWhoseExpIsNullIsInvalidRatherThanEverlasting() throws Exception {
        long now = Instant.now().getEpochSecond();
        JWSObject token = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(SessionTokens.KEY.getKeyID()).build(),
                new Payload("{\"sub\":\"user_abc\",\"iss\":\"" + SessionTokens.ISSUER
                        + "\",\"iat\":" + (now - 5) + ",\"nbf\":" + (now - 10) + ",\"exp\":null}"));
        token.sign(new RSASSASigner(SessionTokens.KEY));

        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> verifier.verify(token.serialize()));

        assertEquals("the token has no exp", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {SessionTokens.HEADER_NULL, "e30.e30.AA", "W10.e30.AA", "IjEi.e30.AA", "bnVsbA.bnVsbA.AA",
            "eyJhbGciOm51bGx9.e30.AA", "eyJhbGciOiJSUzI1NiJ9.bnVsbA.AA", "eyJhbGciOiJSUzI1NiJ9.W10.AA",
            "eyJhbGciOiJSUzI1NiIsImNyaXQiOm51bGx9.e30.AA", "eyJhbGciOiJSUzI1NiIsImtpZCI6e319.e30.AA", ".", "..", "...",
            "a.b.c", "%%%.%%%.%%%"})
    void absurdTokenIsInvalidNeverAnotherException(String token) {
        assertThrows(InvalidTokenException.class, () -> verifier.verify(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "{}", "[]", "1", "\"x\"", "{\"alg\":null}", "{\"alg\":\"RS256\",\"crit\":null}",
            "{\"alg\":\"RS256\",\"typ\":{}}", "{\"alg\":\"RS256\",\"jwk\":1}", "{\"alg\":\"RS256\",\"x5c\":[null]}"})
    void absurdJoseHeaderIsInvalid(String header) {
        String token = base64(header) + "." + base64("{\"sub\":\"user_abc\"}") + ".AA";

        assertThrows(InvalidTokenException.class, () -> verifier.verify(token));
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
