package dev.clerksync.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Clerk-shaped session tokens minted with test RSA keys: {@code SessionTokens.forUser(id).expired().sign()}.
 * The WAR under test trusts {@link #KEY} (as {@code CLERK_JWT_KEY}, or in the stand-in's JWKS).
 */
public final class SessionTokens {

    public static final String ISSUER = "https://clerk.test.example";
    public static final String AUTHORIZED_PARTY = "https://app.test.example";
    public static final RSAKey KEY = generate("test-key-1");
    public static final RSAKey OTHER_KEY = generate("test-key-2");
    /** Never trusted anywhere, not even added to the JWKS later. */
    public static final RSAKey UNKNOWN_KEY = generate("never-published");
    /** A "token" whose header is the JSON {@code null}: nimbus meets it with a NullPointerException. */
    public static final String HEADER_NULL = "bnVsbA.e30.AA";

    private SessionTokens() {
    }

    public static Token forUser(String userId) {
        return new Token(userId);
    }

    /** {@link #KEY}'s public half as PEM, as Clerk's dashboard shows the JWT public key. */
    public static String publicPem() {
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(KEY.toRSAPublicKey().getEncoded());
            return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String jwks() {
        return new JWKSet(KEY.toPublicJWK()).toString();
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Token {
        private final Instant now = Instant.now();
        private String subject;
        private String issuer = ISSUER;
        private String azp = AUTHORIZED_PARTY;
        private Instant issuedAt = now.minusSeconds(5);
        private Instant notBefore = now.minusSeconds(10);
        private Instant expiresAt = now.plusSeconds(60);
        private RSAKey key = KEY;
        private String kid = KEY.getKeyID();
        private boolean nullSubject;

        private Token(String subject) {
            this.subject = subject;
        }

        public Token subject(String subject) {
            this.subject = subject;
            return this;
        }

        /** {@code "sub": null}, written out rather than left away. */
        public Token nullSubject() {
            this.subject = null;
            this.nullSubject = true;
            return this;
        }

        public Token issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Token azp(String azp) {
            this.azp = azp;
            return this;
        }

        public Token expired() {
            this.issuedAt = now.minusSeconds(120);
            this.notBefore = now.minusSeconds(120);
            this.expiresAt = now.minusSeconds(60);
            return this;
        }

        public Token notYetValid() {
            this.notBefore = now.plusSeconds(60);
            return this;
        }

        public Token issuedInTheFuture() {
            this.issuedAt = now.plus(Duration.ofMinutes(2));
            return this;
        }

        public Token signedWith(RSAKey key) {
            this.key = key;
            this.kid = key.getKeyID();
            return this;
        }

        public Token kid(String kid) {
            this.kid = kid;
            return this;
        }

        public String sign() {
            try {
                JWSObject jwt = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid)
                        .type(JOSEObjectType.JWT).build(), new Payload(claims().toJSONObject(nullSubject)));
                jwt.sign(new RSASSASigner(key));
                return jwt.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** {@code alg: none}: no signature at all. */
        public String unsigned() {
            return new PlainJWT(claims()).serialize();
        }

        /** HS256 keyed with the public PEM text: the classic algorithm-confusion attack. */
        public String hmacWithPublicPem() {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims());
                jwt.sign(new MACSigner(publicPem().getBytes(StandardCharsets.US_ASCII)));
                return jwt.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private JWTClaimsSet claims() {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .subject(subject)
                    .issuer(issuer)
                    .issueTime(Date.from(issuedAt))
                    .notBeforeTime(Date.from(notBefore))
                    .expirationTime(Date.from(expiresAt))
                    .claim("sid", "sess_test")
                    .claim("v", 2);
            if (azp != null) {
                claims.claim("azp", azp);
            }
            return claims.build();
        }
    }
}
