package dev.clerksync.auth;

import dev.clerksync.clerk.ClerkUserJson;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.clerksync.config.InvalidSettingException;
import dev.clerksync.config.Settings;
import dev.clerksync.users.ClerkUser;
import java.net.MalformedURLException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Set;

/**
 * Checks Clerk session tokens: RS256 only, pinned here and never taken from the token; the key
 * from {@code CLERK_JWT_KEY} or the JWKS (cached by {@code kid}, refetched on an unknown
 * {@code kid} at most every {@value #JWKS_MIN_REFETCH_MS} ms); {@code exp}/{@code nbf} with 5 s
 * skew, {@code iat} not in the future; {@code sub} a user id; {@code iss}/{@code azp} when configured.
 */
public final class SessionTokenVerifier {

    private static final int CLOCK_SKEW_SECONDS = 5;
    private static final long JWKS_MIN_REFETCH_MS = 30_000;
    private static final long JWKS_CACHE_MS = Duration.ofMinutes(15).toMillis();
    private static final int JWKS_TIMEOUT_MS = 5_000;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Set<String> authorizedParties;
    private final Clock clock;

    public SessionTokenVerifier(Settings.SessionTokens settings, Clock clock) {
        this.authorizedParties = settings.authorizedParties();
        this.clock = clock;
        processor.setJWSKeySelector(keySelector(settings));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                settings.issuer().map(iss -> new JWTClaimsSet.Builder().issuer(iss).build()).orElse(null),
                Set.of("sub", "exp", "iat")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** @throws InvalidTokenException with a reason fit for the client, never the token itself */
    public Caller verify(String token) {
        if (!isCompactJws(token)) {
            throw new InvalidTokenException("the token is not a JWT: three base64url segments joined by dots", true);
        }
        try {
            return caller(processor.process(token, null));
        } catch (ParseException e) {
            throw new InvalidTokenException("the token is not a JWT", true);
        } catch (BadJWSException e) {
            throw new InvalidTokenException("the token's signature does not verify", true);
        } catch (BadJWTException e) {
            throw new InvalidTokenException(claimsReason(e), true);
        } catch (BadJOSEException | JOSEException e) {
            // alg none, another algorithm, a kid no key has: the library's own words stay in the library.
            throw new InvalidTokenException("the token is not signed with RS256 by a known key", true);
        } catch (InvalidTokenException e) {
            throw e;
        } catch (RuntimeException e) {
            // nimbus throws NullPointerException and the like on absurd tokens (a JOSE header that is the
            // JSON null): whatever a client sends is its 401, never a 500 with a stack trace in our log.
            throw new InvalidTokenException("the token is not a well-formed JWT", true);
        }
    }

    /**
     * Three non-empty segments of RFC 7515 base64url ({@code [A-Za-z0-9_-]}, no padding). Checked
     * before the library, which decodes leniently ({@code +}, {@code /}, {@code =} and whitespace
     * too): else one token would have many accepted spellings, and a deny-list or a cache keyed by
     * the token's text could be sidestepped.
     */
    static boolean isCompactJws(String token) {
        int segments = 1;
        int segmentLength = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (segmentLength == 0) {
                    return false;
                }
                segments++;
                segmentLength = 0;
            } else if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
                segmentLength++;
            } else {
                return false;
            }
        }
        return segments == 3 && segmentLength > 0;
    }

    /** Our words for what nimbus's claims check found, by its (stable) message. */
    private static String claimsReason(BadJWTException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Expired")) {
            return "the token has expired";
        }
        if (message.contains("before use time")) {
            return "the token is not valid yet (nbf)";
        }
        if (message.contains("missing required claims")) {
            return "the token lacks a required claim (sub, exp, iat)";
        }
        if (message.contains("iss claim")) {
            return "the token's iss is not the configured issuer";
        }
        return "the token's claims are not accepted";
    }

    /**
     * The checks nimbus does not make: its required-claims check lets a claim that is JSON {@code null}
     * through, and then skips the check of that claim ({@code "exp": null} would never expire).
     */
    private Caller caller(JWTClaimsSet claims) {
        if (claims.getExpirationTime() == null) {
            throw new InvalidTokenException("the token has no exp", true);
        }
        Date issuedAt = claims.getIssueTime();
        if (issuedAt == null || issuedAt.toInstant().isAfter(clock.instant().plusSeconds(CLOCK_SKEW_SECONDS))) {
            throw new InvalidTokenException("the token has no iat or was issued in the future", true);
        }
        // docs/contract.md: when parties are configured, azp must be one of them; an absent azp is none of them.
        String azp = azp(claims);
        if (!authorizedParties.isEmpty() && (azp == null || !authorizedParties.contains(azp))) {
            throw new InvalidTokenException("the token's azp is not an authorized party", true);
        }
        String subject = claims.getSubject();
        if (subject == null || !ClerkUserJson.ID.matcher(subject).matches()) {
            throw new InvalidTokenException("the token's sub is not a Clerk user id", true);
        }
        return new Caller(subject);
    }

    // Parsed with the JDK: nimbus's own PEM parser needs BouncyCastle, which the WAR does not carry.
    private static RSAPublicKey rsaPublicKey(String pem) {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw InvalidSettingException.malformed(Settings.JWT_KEY, "not a PEM RSA public key");
        }
    }

    private static String azp(JWTClaimsSet claims) {
        Object azp = claims.getClaim("azp");
        return azp instanceof String text ? text : null;
    }

    /** Either way the algorithm is RS256, fixed here; the token's {@code alg} only has to agree. */
    private static JWSKeySelector<SecurityContext> keySelector(Settings.SessionTokens settings) {
        if (settings.pemKey().isPresent()) {
            // One key, whatever kid the token names: Clerk's PEM key carries no kid.
            return new SingleKeyJWSKeySelector<>(JWSAlgorithm.RS256, rsaPublicKey(settings.pemKey().get()));
        }
        try {
            JWKSource<SecurityContext> jwks = JWKSourceBuilder.<SecurityContext>create(
                            settings.jwksUrl().orElseThrow().toURL(),
                            new DefaultResourceRetriever(JWKS_TIMEOUT_MS, JWKS_TIMEOUT_MS, JWKS_SIZE_LIMIT))
                    .cache(JWKS_CACHE_MS, JWKS_TIMEOUT_MS)
                    .rateLimited(JWKS_MIN_REFETCH_MS)
                    .retrying(false)
                    .refreshAheadCache(false)
                    .build();
            return new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, jwks);
        } catch (MalformedURLException e) {
            throw InvalidSettingException.malformed(Settings.JWKS_URL, "not a URL");
        }
    }
}
