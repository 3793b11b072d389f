package dev.clerksync.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DevToken against the key pair LocalRun writes: what the local run's CLERK_JWT_KEY must accept. */
class DevTokenTest {

    @TempDir
    Path stateDir;

    private String publicPem;
    private RSAPublicKey publicKey;

    @BeforeEach
    void aLocalRunsKeyPair() throws Exception {
        String pem = LocalRun.writeDevKeyPair(stateDir);
        publicPem = pem;
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    @Test
    void keyPairIsRsa2048WithTheFilesOnDisk() throws Exception {
        assertEquals(2048, publicKey.getModulus().bitLength());
        assertTrue(Files.readString(stateDir.resolve("dev-jwt-private-key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals(publicPem, Files.readString(stateDir.resolve("dev-jwt-public-key.pem")));
        assertTrue(publicPem.startsWith("-----BEGIN PUBLIC KEY-----\n"));
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(stateDir.resolve("dev-jwt-private-key.pem")));
    }

    @Test
    void tokenIsRs256SignedWithTheDevelopmentKey() throws Exception {
        SignedJWT jwt = SignedJWT.parse(mint("user_2abc"));

        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertTrue(jwt.verify(new RSASSAVerifier(publicKey)));
    }

    @Test
    void claimsAreClerksWithTenMinutesByDefault() throws Exception {
        Instant before = Instant.now();
        JWTClaimsSet claims = SignedJWT.parse(mint("user_2abc")).getJWTClaimsSet();

        assertEquals("user_2abc", claims.getSubject());
        assertTrue(claims.getStringClaim("sid").startsWith("sess_"));
        long iat = claims.getIssueTime().toInstant().getEpochSecond();
        assertTrue(Math.abs(iat - before.getEpochSecond()) <= 2);
        assertEquals(iat + 600, claims.getExpirationTime().toInstant().getEpochSecond());
        assertEquals(iat - 10, claims.getNotBeforeTime().toInstant().getEpochSecond());
        assertFalse(claims.getClaims().containsKey("iss"));
        assertFalse(claims.getClaims().containsKey("azp"));
    }

    @Test
    void minutesIssuerAndAuthorizedPartyOnRequest() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(mint("user_2abc", "--minutes", "3", "--iss", "https://clerk.example",
                "--azp", "https://app.example")).getJWTClaimsSet();

        assertEquals(180, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
        assertEquals("https://clerk.example", claims.getIssuer());
        assertEquals("https://app.example", claims.getStringClaim("azp"));
    }

    @Test
    void subjectDefaultsToTheUserSendEventLastCreated() throws Exception {
        Files.writeString(stateDir.resolve("last-user.properties"), "id=user_last\ncreated-at=1\n");

        assertEquals("user_last", SignedJWT.parse(mint()).getJWTClaimsSet().getSubject());
    }

    @Test
    void withoutAUserOrAKeyItExplainsAndFails() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, DevToken.run(new String[] {"--state-dir", stateDir.toString()}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Name the user"));

        err.reset();
        assertEquals(2, DevToken.run(new String[] {"user_1", "--key", stateDir.resolve("none.pem").toString()},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("No signing key"));
    }

    private String mint(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--state-dir";
        all[1] = stateDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = DevToken.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, status);
        return out.toString(StandardCharsets.UTF_8).trim();
    }
}
