package dev.clerksync.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.Properties;

/**
 * Prints a Clerk-shaped RS256 session token for a local run, signed with the development key that
 * {@code mvn -B -Prun -DskipTests verify} generates (and hands to clerk-sync as {@code CLERK_JWT_KEY}).
 * Depends on the JDK only, so it runs without a build through Java's single-file launcher:
 *
 * <pre>
 * TOKEN=$(java src/dev/java/dev/clerksync/tools/DevToken.java user_…)
 * curl -H "Authorization: Bearer $TOKEN" http://localhost:8080/clerk-sync/api/me
 * </pre>
 *
 * <p>The claims are the ones Clerk's session tokens carry and clerk-sync checks: {@code sub},
 * {@code sid}, {@code iat}, {@code nbf} (10 s before {@code iat}, as Clerk does), {@code exp};
 * {@code iss} and {@code azp} only when asked for. Without a user id it takes the user
 * {@link SendEvent} last created. Only the token goes to standard output.
 *
 * <p>The local run also writes {@code target/dev/dev-token}, a wrapper that runs this class as the
 * build compiled it: the same program without compiling the source on every start.
 */
public final class DevToken {

    static final String PRIVATE_KEY_FILE = "dev-jwt-private-key.pem";
    static final String PUBLIC_KEY_FILE = "dev-jwt-public-key.pem";
    static final String KEY_ID = "dev-local";
    private static final Path DEFAULT_STATE_DIR = Path.of("target", "dev");
    private static final String LAST_USER_FILE = "last-user.properties";
    private static final long DEFAULT_MINUTES = 10;
    // Clerk backdates nbf by 10 s to absorb clock skew between its servers and yours.
    private static final Duration NOT_BEFORE_MARGIN = Duration.ofSeconds(10);
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int ID_LENGTH = 27;

    private DevToken() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Everything {@link #main} does but exit: 0 with the token printed, 2 on a usage or set-up error. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("DevToken: " + e.getMessage());
            err.println(Options.USAGE);
            return 2;
        }
        if (options.help) {
            out.println(Options.USAGE);
            return 0;
        }
        try {
            String subject = options.subject != null ? options.subject : lastUser(options.stateDir);
            Path keyFile = options.key != null ? options.key : options.stateDir.resolve(PRIVATE_KEY_FILE);
            out.println(token(subject, options, readPrivateKey(keyFile), Instant.now()));
            return 0;
        } catch (IllegalStateException | IOException e) {
            err.println("DevToken: " + e.getMessage());
            return 2;
        }
    }

    static String token(String subject, Options options, PrivateKey key, Instant now) {
        long iat = now.getEpochSecond();
        StringBuilder claims = new StringBuilder("{");
        if (options.azp != null) {
            claims.append("\"azp\":").append(json(options.azp)).append(',');
        }
        claims.append("\"exp\":").append(iat + options.minutes * 60)
                .append(",\"iat\":").append(iat);
        if (options.issuer != null) {
            claims.append(",\"iss\":").append(json(options.issuer));
        }
        claims.append(",\"nbf\":").append(iat - NOT_BEFORE_MARGIN.toSeconds())
                .append(",\"sid\":").append(json(options.sid != null ? options.sid : "sess_" + randomId()))
                .append(",\"sub\":").append(json(subject))
                .append('}');
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + KEY_ID + "\",\"typ\":\"JWT\"}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with SHA256withRSA: " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), as LocalRun writes it. */
    static PrivateKey readPrivateKey(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("No signing key at " + file + ": start a local run "
                    + "(mvn -B -Prun -DskipTests verify) without CLERK_* settings, or pass --key FILE.pem");
        }
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalStateException(file + " is not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold an RSA private key: " + e.getMessage(), e);
        }
    }

    private static String lastUser(Path stateDir) throws IOException {
        Path file = stateDir.resolve(LAST_USER_FILE);
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("Name the user (user_…): no user created by SendEvent in " + stateDir);
        }
        Properties last = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            last.load(in);
        }
        String id = last.getProperty("id");
        if (id == null || !id.startsWith("user_")) {
            throw new IllegalStateException(file + " names no user; pass the user id (user_…)");
        }
        return id;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String randomId() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return id.toString();
    }

    /** A JSON string literal. */
    private static String json(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static final class Options {

        static final String USAGE = String.join("\n",
                "Usage: target/dev/dev-token [user_…] [options]",
                "  (target/dev/dev-token is written by the local run; without it, run the source as it stands:",
                "   java src/dev/java/dev/clerksync/tools/DevToken.java … takes the same arguments)",
                "  user_…           the token's subject (default: the user SendEvent last created)",
                "  --minutes N      lifetime (default " + DEFAULT_MINUTES + ")",
                "  --iss URL        adds iss (needed when clerk-sync has CLERK_ISSUER)",
                "  --azp ORIGIN     adds azp (needed when clerk-sync has CLERK_AUTHORIZED_PARTIES)",
                "  --sid sess_…     the session id (default: a fresh one)",
                "  --key FILE       PKCS#8 PEM private key (default " + DEFAULT_STATE_DIR + "/" + PRIVATE_KEY_FILE + ")",
                "  --state-dir DIR  where the local run's files are (default " + DEFAULT_STATE_DIR + ")");

        String subject;
        long minutes = DEFAULT_MINUTES;
        String issuer;
        String azp;
        String sid;
        Path key;
        Path stateDir = DEFAULT_STATE_DIR;
        boolean help;

        static Options parse(String... args) {
            Options o = new Options();
            Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
            while (!rest.isEmpty()) {
                String arg = rest.removeFirst();
                switch (arg) {
                    case "--minutes" -> o.minutes = minutes(value(arg, rest));
                    case "--iss" -> o.issuer = value(arg, rest);
                    case "--azp" -> o.azp = value(arg, rest);
                    case "--sid" -> o.sid = value(arg, rest);
                    case "--key" -> o.key = Path.of(value(arg, rest));
                    case "--state-dir" -> o.stateDir = Path.of(value(arg, rest));
                    case "-h", "--help" -> o.help = true;
                    default -> {
                        if (arg.startsWith("-") || o.subject != null) {
                            throw new IllegalArgumentException("unexpected argument " + arg);
                        }
                        if (!arg.startsWith("user_")) {
                            throw new IllegalArgumentException("the subject must be a Clerk user id (user_…)");
                        }
                        o.subject = arg;
                    }
                }
            }
            return o;
        }

        private static long minutes(String value) {
            try {
                long minutes = Long.parseLong(value);
                if (minutes > 0) {
                    return minutes;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--minutes takes a whole number of minutes above 0, not " + value);
        }

        private static String value(String option, Deque<String> rest) {
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return rest.removeFirst();
        }
    }
}
