package dev.clerksync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.config.Settings;
import dev.clerksync.fixtures.SessionTokens;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which session tokens speak for a caller, checked against the PEM key without a container or a JWKS. */
class SessionTokenVerifierTest {

    private static final String USER = "user_2abc";
    private static final String NOT_COMPACT = "the token is not a JWT: three base64url segments joined by dots";

    private final SessionTokenVerifier verifier = verifier(Set.of(SessionTokens.AUTHORIZED_PARTY));

    static Stream<Arguments> badTokens() {
        return Stream.of(
                bad("garbage", () -> "not.a.jwt"),
                bad("signed by another key",
                        () -> SessionTokens.forUser(USER).signedWith(SessionTokens.OTHER_KEY).sign()),
                bad("expired", () -> SessionTokens.forUser(USER).expired().sign()),
                bad("nbf ahead", () -> SessionTokens.forUser(USER).notYetValid().sign()),
                bad("iat in the future", () -> SessionTokens.forUser(USER).issuedInTheFuture().sign()),
                bad("alg none", () -> SessionTokens.forUser(USER).unsigned()),
                bad("HS256 keyed with the PEM text", () -> SessionTokens.forUser(USER).hmacWithPublicPem()),
                bad("wrong iss", () -> SessionTokens.forUser(USER).issuer("https://evil.example").sign()),
                bad("wrong azp", () -> SessionTokens.forUser(USER).azp("https://evil.example").sign()),
                bad("no azp", () -> SessionTokens.forUser(USER).azp(null).sign()),
                bad("sub that is no user id", () -> SessionTokens.forUser(USER).subject("org_123").sign()));
    }

    @Test
    void validTokenSpeaksForItsSubject() {
        assertEquals(new Caller(USER), verifier.verify(SessionTokens.forUser(USER).sign()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void badTokenIsRefusedAsPresentButInvalid(String description, Supplier<String> token) {
        String signed = token.get();

        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> verifier.verify(signed));

        assertTrue(e.tokenPresent());
        assertFalse(e.getMessage().contains(signed), "the reason never quotes the token");
    }

    @Test
    void withoutConfiguredPartiesAnyAzpAndNoneAreAccepted() {
        SessionTokenVerifier anyParty = verifier(Set.of());

        assertEquals(new Caller(USER), anyParty.verify(SessionTokens.forUser(USER).azp("https://other.example").sign()));
        assertEquals(new Caller(USER), anyParty.verify(SessionTokens.forUser(USER).azp(null).sign()));
    }

    @Test
    void reasonsSayWhatIsWrong() {
        assertEquals("the token has no iat or was issued in the future", assertThrows(InvalidTokenException.class,
                () -> verifier.verify(SessionTokens.forUser(USER).issuedInTheFuture().sign())).getMessage());
        assertEquals("the token's azp is not an authorized party", assertThrows(InvalidTokenException.class,
                () -> verifier.verify(SessionTokens.forUser(USER).azp(null).sign())).getMessage());
        assertEquals("the token's sub is not a Clerk user id", assertThrows(InvalidTokenException.class,
                () -> verifier.verify(SessionTokens.forUser(USER).subject("org_123").sign())).getMessage());
        assertEquals(NOT_COMPACT, assertThrows(InvalidTokenException.class,
                () -> verifier.verify("not-a-jwt")).getMessage());
    }

    @Test
    void reasonsAreOurWordsNotTheLibrarys() {
        assertEquals("the token has expired", assertThrows(InvalidTokenException.class,
                () -> verifier.verify(SessionTokens.forUser(USER).expired().sign())).getMessage());
        assertEquals("the token is not valid yet (nbf)", assertThrows(InvalidTokenException.class,
                () -> verifier.verify(SessionTokens.forUser(USER).notYetValid().sign())).getMessage());
        assertEquals("the token's iss is not the configured issuer", assertThrows(InvalidTokenException.class,
                () -> verifier.verify(SessionTokens.forUser(USER).issuer("https://evil.example").sign())).getMessage());
        assertEquals("the token's signature does not verify", assertThrows(InvalidTokenException.class,
                () -> verifier.verify(SessionTokens.forUser(USER).signedWith(SessionTokens.OTHER_KEY).sign())).getMessage());
        assertEquals("the token is not signed with RS256 by a known key", assertThrows(InvalidTokenException.class,
                () -> verifier.verify(SessionTokens.forUser(USER).hmacWithPublicPem())).getMessage());
        assertEquals(NOT_COMPACT, assertThrows(InvalidTokenException.class,
                () -> verifier.verify(SessionTokens.forUser(USER).unsigned())).getMessage());
    }

    @Test
    void signatureSpelledWithPlusAndSlashIsRefused() {
        String token = tokenWhoseSignatureHasDashOrUnderscore();
        String respelled = token.substring(0, token.lastIndexOf('.'))
                + token.substring(token.lastIndexOf('.')).replace('-', '+').replace('_', '/');

        assertEquals(NOT_COMPACT, assertThrows(InvalidTokenException.class, () -> verifier.verify(respelled)).getMessage());
        assertEquals(new Caller(USER), verifier.verify(token), "the same token in base64url passes");
    }

    @ParameterizedTest(name = "{0} in segment {1}")
    @MethodSource("outsideBase64url")
    void characterOutsideBase64urlInAnySegmentIsRefused(String character, int segment) {
        String[] segments = SessionTokens.forUser(USER).sign().split("\\.");
        segments[segment] = segments[segment].substring(0, 4) + character + segments[segment].substring(4);
        String mutated = String.join(".", segments);

        assertEquals(NOT_COMPACT, assertThrows(InvalidTokenException.class, () -> verifier.verify(mutated)).getMessage());
    }

    @ParameterizedTest(name = "padding after segment {0}")
    @MethodSource("segments")
    void paddedSegmentIsRefused(int segment) {
        String[] segments = SessionTokens.forUser(USER).sign().split("\\.");
        segments[segment] = segments[segment] + "==";

        assertEquals(NOT_COMPACT, assertThrows(InvalidTokenException.class,
                () -> verifier.verify(String.join(".", segments))).getMessage());
    }

    static Stream<Arguments> outsideBase64url() {
        return Stream.of("+", "/", "=", " ", "\t", "\n", "%").flatMap(c -> segments().map(s -> Arguments.of(c, s)));
    }

    static Stream<Integer> segments() {
        return Stream.of(0, 1, 2);
    }

    private static String tokenWhoseSignatureHasDashOrUnderscore() {
        for (int i = 0; i < 100; i++) {
            String token = SessionTokens.forUser(USER).sign();
            String signature = token.substring(token.lastIndexOf('.'));
            if (signature.indexOf('-') >= 0 || signature.indexOf('_') >= 0) {
                return token;
            }
        }
        throw new AssertionError("100 signatures without - or _");
    }

    static SessionTokenVerifier verifier(Set<String> authorizedParties) {
        return new SessionTokenVerifier(new Settings.SessionTokens(Optional.of(SessionTokens.publicPem()),
                Optional.empty(), Optional.of(SessionTokens.ISSUER), authorizedParties), Clock.systemUTC());
    }

    private static Arguments bad(String description, Supplier<String> token) {
        return Arguments.of(description, token);
    }
}
