package dev.clerksync.faults;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.svix.Webhook;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.fixtures.SigningSecrets;
import dev.clerksync.support.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The hostile-input suite's classes of requests, each built when its turn comes (signed ones must be
 * fresh): malformed, unsigned, oversized and signed-but-absurd webhooks, odd methods and paths, and
 * mutated session tokens against {@code /api/me} and {@code /api/admin/*}.
 */
final class HostileInputs {

    /** What a class is allowed to change: nothing at all, or (signed or admin input) only when accepted. */
    enum Kind {
        /** No valid signature or credential: no row of any table may change. */
        UNAUTHENTICATED,
        /** Signed webhooks or an admin's calls: rows may change only through answers that are 2xx. */
        AUTHENTICATED
    }

    record HostileClass(String name, Kind kind, Supplier<List<HostileRequest>> requests) {
    }

    static final String CONTEXT = "/clerk-sync";
    private static final String WEBHOOK = CONTEXT + "/webhooks/clerk";
    private static final String ME = CONTEXT + "/api/me";
    private static final String JSON = "Content-Type: application/json";
    private static final List<String> PATHS = List.of("/webhooks/clerk", "/api/me", "/api/admin/users",
            "/api/admin/users/stats", "/api/admin/set-role", "/api/admin/set-roles", "/api/admin/reconcile",
            "/api/admin/webhook-events", "/health", "/metrics", "/api/admin/webhook-events/msg_1/replay",
            "/api/admin/reconcile/user_1");
    private static final List<String> ADMIN_PATHS = List.of("/api/admin/users/stats", "/api/admin/users",
            "/api/admin/set-role");

    private final Webhook signer = signer(TestEnvironment.SIGNING_SECRET);
    private final Webhook wrongSigner = signer(SigningSecrets.newSecret());
    private final SplittableRandom random;
    private final String adminId;
    private final String userId;

    HostileInputs(long seed, String adminId, String userId) {
        this.random = new SplittableRandom(seed);
        this.adminId = adminId;
        this.userId = userId;
    }

    List<HostileClass> classes() {
        List<HostileClass> classes = new ArrayList<>();
        classes.add(new HostileClass("webhook unsigned / missing svix headers", Kind.UNAUTHENTICATED, this::unsigned));
        classes.add(new HostileClass("webhook bad signature", Kind.UNAUTHENTICATED, this::badSignatures));
        classes.add(new HostileClass("webhook timestamp outside 5 min / not a number", Kind.UNAUTHENTICATED,
                this::badTimestamps));
        classes.add(new HostileClass("webhook replayed signature, other svix-id", Kind.UNAUTHENTICATED,
                this::replayedSignatures));
        classes.add(new HostileClass("webhook huge headers / svix-id", Kind.UNAUTHENTICATED, this::hugeHeaders));
        classes.add(new HostileClass("webhook oversized body", Kind.UNAUTHENTICATED, this::oversized));
        classes.add(new HostileClass("webhook wrong content type, unsigned", Kind.UNAUTHENTICATED,
                this::contentTypesUnsigned));
        classes.add(new HostileClass("methods: PATCH PROPFIND FOO … on every path", Kind.UNAUTHENTICATED,
                this::methods));
        classes.add(new HostileClass("paths: %00, ../, ;, long, bad escapes", Kind.UNAUTHENTICATED, this::paths));
        classes.add(new HostileClass("jwt bit flips", Kind.UNAUTHENTICATED, this::jwtBitFlips));
        classes.add(new HostileClass("jwt header null / odd headers", Kind.UNAUTHENTICATED, this::jwtHeaders));
        classes.add(new HostileClass("jwt alg none / HS256 with the public key", Kind.UNAUTHENTICATED,
                this::jwtAlgorithms));
        classes.add(new HostileClass("jwt signed, absurd claims (sub null, exp 1e999 …)", Kind.UNAUTHENTICATED,
                this::jwtClaims));
        classes.add(new HostileClass("jwt expired / not yet / wrong key, iss, azp", Kind.UNAUTHENTICATED,
                this::jwtInvalid));
        classes.add(new HostileClass("jwt garbage / malformed Authorization", Kind.UNAUTHENTICATED,
                this::jwtGarbage));
        classes.add(new HostileClass("jwt respelled: + / = space tab in each segment", Kind.UNAUTHENTICATED,
                this::jwtRespelled));
        classes.add(new HostileClass("webhook exact replay (duplicate)", Kind.AUTHENTICATED, this::exactReplays));
        classes.add(new HostileClass("signed: malformed JSON", Kind.AUTHENTICATED, this::malformedJson));
        classes.add(new HostileClass("signed: deep JSON", Kind.AUTHENTICATED, this::deepJson));
        classes.add(new HostileClass("signed: huge numbers", Kind.AUTHENTICATED, this::hugeNumbers));
        classes.add(new HostileClass("signed: out-of-range timestamps", Kind.AUTHENTICATED, this::outOfRangeTimes));
        classes.add(new HostileClass("signed: bad ids (\"\", ../../etc/passwd …)", Kind.AUTHENTICATED,
                this::badIds));
        classes.add(new HostileClass("signed: NUL characters", Kind.AUTHENTICATED, this::nulCharacters));
        classes.add(new HostileClass("signed: absurd organization and membership events", Kind.AUTHENTICATED,
                this::absurdOrganizations));
        classes.add(new HostileClass("signed: huge svix-id", Kind.AUTHENTICATED, this::hugeSignedSvixIds));
        classes.add(new HostileClass("signed: case folding Java vs PostgreSQL", Kind.AUTHENTICATED,
                this::caseFolding));
        classes.add(new HostileClass("signed: wrong content type", Kind.AUTHENTICATED, this::contentTypesSigned));
        classes.add(new HostileClass("admin: absurd bodies and parameters", Kind.AUTHENTICATED, this::adminAbsurd));
        return classes;
    }

    // --- webhooks, unauthenticated ---------------------------------------------------------------

    private List<HostileRequest> unsigned() {
        List<HostileRequest> requests = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            String body = validBody();
            long now = Instant.now().getEpochSecond();
            String id = "msg_" + i;
            List<String> headers = new ArrayList<>(List.of(JSON, "svix-id: " + id, "svix-timestamp: " + now,
                    "svix-signature: " + sign(signer, id, now, body)));
            // Drop one, two or all three svix headers (index 1..3); sometimes rename them half-way.
            int mask = 1 + random.nextInt(7);
            for (int header = 3; header >= 1; header--) {
                if ((mask & (1 << (header - 1))) != 0) {
                    headers.remove(header);
                }
            }
            if (i % 5 == 0) {
                // The Standard Webhooks name, but not the id that was signed.
                headers.add("webhook-id: msg_other_" + i);
            }
            requests.add(HostileRequest.of("POST", WEBHOOK, String.join("\r\n", headers), body, true));
        }
        return requests;
    }

    private List<HostileRequest> badSignatures() {
        List<HostileRequest> requests = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            String body = validBody();
            String id = "msg_badsig_" + i;
            long now = Instant.now().getEpochSecond();
            String good = sign(signer, id, now, body);
            String signature = switch (i % 10) {
                case 0 -> sign(wrongSigner, id, now, body);
                case 1 -> flipBit(good, 3 + random.nextInt(good.length() - 3));
                case 2 -> "";
                case 3 -> "v1,";
                case 4 -> "v2," + good.substring(3);
                case 5 -> good.substring(0, good.length() - 1 - random.nextInt(10));
                case 6 -> ("v1,AAAA ").repeat(1 + random.nextInt(400)).trim();
                case 7 -> "v1," + "!@#$%^&*()".repeat(5);
                case 8 -> good.toUpperCase();
                default -> "v1," + Base64.getEncoder().encodeToString(randomBytes(32));
            };
            String sentBody = i % 7 == 0 ? body.replace("Ada", "Eve") : body;
            requests.add(webhook(id, Long.toString(now), signature, sentBody, true));
        }
        return requests;
    }

    private List<HostileRequest> badTimestamps() {
        List<HostileRequest> requests = new ArrayList<>();
        String[] texts = {"", "abc", "1e10", "-1", "0", "99999999999999999999", " 17", "0x10", "1.5", "NaN",
            "-9223372036854775808", "9223372036854775807", "１２３"};
        for (int i = 0; i < 800; i++) {
            String body = validBody();
            String id = "msg_ts_" + i;
            long now = Instant.now().getEpochSecond();
            if (i % 2 == 0) {
                long offset = 301 + (long) random.nextInt(1_000_000_000);
                long timestamp = random.nextBoolean() ? now - offset : now + offset;
                requests.add(webhook(id, Long.toString(timestamp), sign(signer, id, timestamp, body), body, true));
            } else {
                String text = texts[random.nextInt(texts.length)];
                requests.add(webhook(id, text, sign(signer, id, now, body), body, true));
            }
        }
        return requests;
    }

    private List<HostileRequest> replayedSignatures() {
        List<HostileRequest> requests = new ArrayList<>();
        String body = validBody();
        long now = Instant.now().getEpochSecond();
        String signature = sign(signer, "msg_original", now, body);
        for (int i = 0; i < 500; i++) {
            // The signature covers the id: another id (or timestamp) with the same signature must fail.
            if (i % 2 == 0) {
                requests.add(webhook("msg_replayed_" + i, Long.toString(now), signature, body, true));
            } else {
                requests.add(webhook("msg_original", Long.toString(now - 1 - random.nextInt(200)), signature, body,
                        true));
            }
        }
        return requests;
    }

    private List<HostileRequest> hugeHeaders() {
        List<HostileRequest> requests = new ArrayList<>();
        int[] sizes = {3_000, 7_000, 9_000, 20_000, 64_000};
        for (int i = 0; i < 300; i++) {
            String body = validBody();
            long now = Instant.now().getEpochSecond();
            int size = sizes[i % sizes.length];
            String headers = switch (i % 4) {
                case 0 -> JSON + "\r\nsvix-id: " + "m".repeat(size) + "\r\nsvix-timestamp: " + now
                        + "\r\nsvix-signature: v1,AAAA";
                case 1 -> JSON + "\r\nX-Filler: " + "x".repeat(size);
                case 2 -> JSON + "\r\n" + "X-Many: y\r\n".repeat(size / 50).trim();
                default -> JSON + "\r\nsvix-id: msg\u0000nul\r\nsvix-timestamp: " + now + "\r\nsvix-signature: v1,"
                        + "A".repeat(size);
            };
            requests.add(HostileRequest.of("POST", WEBHOOK, headers, body, true));
        }
        return requests;
    }

    private List<HostileRequest> oversized() {
        List<HostileRequest> requests = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int size = switch (i % 4) {
                case 0 -> 1024 * 1024 + 1;
                case 1 -> 2 * 1024 * 1024;
                case 2 -> 1024 * 1024 + random.nextInt(100_000);
                default -> 6 * 1024 * 1024;
            };
            byte[] body = new byte[size];
            java.util.Arrays.fill(body, (byte) ' ');
            body[0] = '{';
            body[size - 1] = '}';
            String id = "msg_big_" + i;
            long now = Instant.now().getEpochSecond();
            String svix = "svix-id: " + id + "\r\nsvix-timestamp: " + now + "\r\nsvix-signature: "
                    + sign(signer, id, now, new String(body, StandardCharsets.UTF_8));
            if (i % 3 == 0) {
                requests.add(HostileRequest.of("POST", WEBHOOK, JSON + "\r\n" + svix
                        + "\r\nTransfer-Encoding: chunked", chunked(body), true));
            } else {
                requests.add(HostileRequest.of("POST", WEBHOOK, JSON + "\r\n" + svix, body, true));
            }
        }
        for (int i = 0; i < 20; i++) {
            // A Content-Length far beyond the limit, and only a little body behind it.
            requests.add(HostileRequest.of("POST", WEBHOOK, JSON + "\r\nContent-Length: " + (99_999_999_999L + i),
                    new byte[0], true));
        }
        return requests;
    }

    private List<HostileRequest> contentTypesUnsigned() {
        List<HostileRequest> requests = new ArrayList<>();
        String[] types = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/json; charset=utf-16", "application/xml", "", "*/*", "application/json; charset=nonsense"};
        for (int i = 0; i < 600; i++) {
            String type = types[i % types.length];
            String body = i % 2 == 0 ? validBody() : "svix-id=msg_1&svix-timestamp=1&svix-signature=v1,AAAA&data=1";
            requests.add(HostileRequest.of("POST", WEBHOOK + (i % 3 == 0 ? "?svix-id=msg_q&svix-signature=v1,AA" : ""),
                    type.isEmpty() ? "" : "Content-Type: " + type, body, true));
        }
        return requests;
    }

    private List<HostileRequest> methods() {
        List<HostileRequest> requests = new ArrayList<>();
        String[] methods = {"GET", "PUT", "DELETE", "PATCH", "PROPFIND", "OPTIONS", "TRACE", "HEAD", "MKCOL", "FOO",
            "CONNECT", "LOCK"};
        for (int round = 0; round < 4; round++) {
            for (String path : PATHS) {
                for (String method : methods) {
                    String auth = round % 2 == 1 ? "Authorization: Bearer " + adminToken() + "\r\n" : "";
                    String target = method.equals("CONNECT") && round >= 2 ? "localhost:8080" : CONTEXT + path;
                    requests.add(HostileRequest.of(method, target, auth + JSON, "{\"x\":1}", false));
                }
            }
        }
        return requests;
    }

    private List<HostileRequest> paths() {
        List<HostileRequest> requests = new ArrayList<>();
        String[] paths = {WEBHOOK + "%00", CONTEXT + "/%00", CONTEXT + "/webhooks/clerk/%2e%2e/%2e%2e/etc/passwd",
            CONTEXT + "/api/admin/..;/me", CONTEXT + "//api//admin//users", CONTEXT + "/api/admin/webhook-events/..%2f..%2fme/replay",
            CONTEXT + "/api/admin/webhook-events/%00/replay", CONTEXT + "/api/admin/reconcile/..%2F..%2Fetc%2Fpasswd",
            CONTEXT + "/" + "a".repeat(10_000), CONTEXT + "/api/admin/users/%ff%fe", CONTEXT + "/api/admin/users/%uuuu",
            CONTEXT + "/api/admin/users?limit=%00", CONTEXT + "/..%c0%af..%c0%afetc/passwd", CONTEXT + "/api/me;jsessionid=x",
            CONTEXT + "/api/admin/users/\u00e9t\u00e9", "*", "/", CONTEXT + "/health%00.json", CONTEXT + "/WEB-INF/web.xml",
            CONTEXT + "/META-INF/MANIFEST.MF", CONTEXT + "/api/admin/users/stats?" + "a=1&".repeat(20_000)};
        for (int i = 0; i < 520; i++) {
            String path = paths[i % paths.length];
            String method = i % 3 == 0 ? "POST" : "GET";
            String auth = i % 2 == 0 ? "Authorization: Bearer " + adminToken() + "\r\n" : "";
            requests.add(HostileRequest.of(method, path, auth + JSON, method.equals("POST") ? "{}" : "", false));
        }
        return requests;
    }

    // --- session tokens ----------------------------------------------------------------------------

    private List<HostileRequest> jwtBitFlips() {
        List<HostileRequest> requests = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String token = SessionTokens.forUser(i % 2 == 0 ? adminId : userId).sign();
            String flipped = flipBit(token, random.nextInt(token.length()));
            // A flip in a padding bit of the last character may leave the token valid: any answer below 500.
            requests.add(tokenRequest(i, flipped, false));
        }
        return requests;
    }

    private List<HostileRequest> jwtHeaders() {
        List<HostileRequest> requests = new ArrayList<>();
        String[] headers = {"null", "[]", "1", "\"x\"", "{}", "{\"alg\":null}", "{\"alg\":\"RS256\",\"crit\":[\"x\"]}",
            "{\"alg\":\"RS256\",\"kid\":\"../../etc/passwd\"}", "{\"alg\":\"RS256\",\"b64\":false,\"crit\":[\"b64\"]}",
            "{\"alg\":\"RS256\",\"jku\":\"http://127.0.0.1:1/jwks\"}", "{\"alg\":\"RS256\",\"typ\":null,\"kid\":null}",
            "{\"alg\":\"ES256\"}", "{\"alg\":\"RSA-OAEP\",\"enc\":\"A128GCM\"}", "{\"alg\":" + "[".repeat(500) + "]".repeat(500) + "}"};
        String payload = b64(claimsJson("\"" + adminId + "\"", ""));
        for (int i = 0; i < 140; i++) {
            String header = headers[i % headers.length];
            String token = b64(header) + "." + payload + "." + (i % 2 == 0 ? "AA" : b64(new String(randomBytes(256),
                    StandardCharsets.ISO_8859_1)));
            requests.add(tokenRequest(i, token, true));
        }
        return requests;
    }

    private List<HostileRequest> jwtAlgorithms() {
        List<HostileRequest> requests = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            SessionTokens.Token token = SessionTokens.forUser(i % 2 == 0 ? adminId : userId);
            requests.add(tokenRequest(i, i % 3 == 0 ? token.hmacWithPublicPem() : token.unsigned(), true));
        }
        return requests;
    }

    private List<HostileRequest> jwtClaims() {
        List<HostileRequest> requests = new ArrayList<>();
        String admin = "\"" + adminId + "\"";
        String[][] claims = {{"null", ""}, {null, ""}, {"123", ""}, {"[]", ""}, {"\"\"", ""},
            {"\"../../etc/passwd\"", ""}, {"\"user_\\u0000x\"", ""}, {"\"user_" + "x".repeat(10_000) + "\"", ""},
            {admin, ",\"exp\":null"}, {admin, ",\"exp\":\"tomorrow\""}, {admin, ",\"exp\":1e999"}, {admin, ",\"exp\":-1"},
            {admin, ",\"exp\":9223372036854775807", "valid"}, {admin, ",\"exp\":" + "9".repeat(1200)},
            {admin, ",\"nbf\":1e308"}, {admin, ",\"iat\":[1]"}, {admin, ",\"iss\":null"}, {admin, ",\"azp\":[\"x\"]"},
            {admin, ",\"azp\":null"}, {admin, ",\"x\":" + "[".repeat(2000) + "]".repeat(2000)},
            {"\"user_\u03a3\u03a3\u03a3\"", "", "valid"}, {"{\"a\":1}", ""}, {"true", ""}};
        for (int i = 0; i < 330; i++) {
            String[] claim = claims[i % claims.length];
            // A far exp, or a sub that is a user id of odd letters, still makes a valid token.
            requests.add(tokenRequest(i, signRaw(claimsJson(claim[0], claim[1]), SessionTokens.KEY), claim.length < 3));
        }
        return requests;
    }

    private List<HostileRequest> jwtInvalid() {
        List<HostileRequest> requests = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            SessionTokens.Token token = SessionTokens.forUser(i % 2 == 0 ? adminId : userId);
            String jwt = switch (i % 7) {
                case 0 -> token.expired().sign();
                case 1 -> token.notYetValid().sign();
                case 2 -> token.signedWith(SessionTokens.UNKNOWN_KEY).sign();
                case 3 -> token.signedWith(SessionTokens.OTHER_KEY).sign();
                case 4 -> token.issuer("https://evil.example").sign();
                case 5 -> token.azp("https://evil.example").sign();
                default -> token.kid("no-such-kid").signedWith(SessionTokens.UNKNOWN_KEY).sign();
            };
            requests.add(tokenRequest(i, jwt, true));
        }
        return requests;
    }

    /**
     * A valid token with one character that base64url lacks: {@code +} and {@code /} in place of
     * {@code -} and {@code _} where the segment has one (the same bytes, decoded leniently), else
     * inserted; padding; a space or a tab inside. Every spelling but the canonical one is refused.
     */
    private List<HostileRequest> jwtRespelled() {
        List<HostileRequest> requests = new ArrayList<>();
        String[] characters = {"+", "/", "=", " ", "\t"};
        for (int i = 0; i < 150; i++) {
            String[] segments = SessionTokens.forUser(i % 2 == 0 ? adminId : userId).sign().split("\\.");
            int segment = i % 3;
            String character = characters[(i / 3) % characters.length];
            String text = segments[segment];
            segments[segment] = switch (character) {
                case "+" -> text.contains("-") ? text.replace('-', '+') : text.substring(0, 2) + "+" + text.substring(2);
                case "/" -> text.contains("_") ? text.replace('_', '/') : text.substring(0, 2) + "/" + text.substring(2);
                case "=" -> text + "==";
                default -> text.substring(0, 2) + character + text.substring(2);
            };
            requests.add(tokenRequest(i, String.join(".", segments), true));
        }
        return requests;
    }

    private List<HostileRequest> jwtGarbage() {
        List<HostileRequest> requests = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String path = CONTEXT + ADMIN_PATHS.get(i % ADMIN_PATHS.size());
            String authorization = switch (i % 10) {
                case 0 -> "Bearer " + b64(new String(randomBytes(40), StandardCharsets.ISO_8859_1));
                case 1 -> "Bearer a.b";
                case 2 -> "Bearer a.b.c.d.e";
                case 3 -> "Bearer " + "A".repeat(7_000) + ".e30.AA";
                case 4 -> "Bearer";
                case 5 -> "Basic YWRtaW46YWRtaW4=";
                case 6 -> "bearer  " + SessionTokens.forUser(adminId).sign().replace('.', '\u00e9');
                case 7 -> "Bearer ..";
                case 8 -> "Bearer bnVsbA.bnVsbA.bnVsbA";
                default -> "Bearer " + adminToken() + " " + adminToken();
            };
            String method = path.endsWith("set-role") ? "POST" : "GET";
            requests.add(HostileRequest.of(method, path, JSON + "\r\nAuthorization: " + authorization,
                    method.equals("POST") ? "{}" : "", true));
        }
        return requests;
    }

    // --- signed, absurd ----------------------------------------------------------------------------

    private List<HostileRequest> exactReplays() {
        List<HostileRequest> requests = new ArrayList<>();
        String body = ClerkEvents.userUpdated(userId).name("Replay", "Target").updatedAt(1_600_000_000_000L).json();
        String id = "msg_exact_replay";
        long now = Instant.now().getEpochSecond();
        String signature = sign(signer, id, now, body);
        for (int i = 0; i < 300; i++) {
            requests.add(webhook(id, Long.toString(now), signature, body, false));
        }
        return requests;
    }

    private List<HostileRequest> malformedJson() {
        List<HostileRequest> requests = new ArrayList<>();
        String valid = ClerkEvents.userUpdated(userId).updatedAt(1).json();
        String[] fixed = {"", "null", "[]", "\"x\"", "123", "{", "{\"type\":\"user.created\"}",
            "{\"type\":\"user.created\",\"data\":[]}", "{\"type\":\"user.created\",\"data\":\"x\"}",
            "{\"type\":\"user.created\",\"data\":{\"id\":[\"" + userId + "\"]}}", "{\"type\":1,\"data\":{}}",
            "{\"type\":\"user.updated\",\"data\":{\"id\":\"" + userId + "\",\"updated_at\":\"yesterday\"}}",
            "{\"type\":\"user.updated\",\"data\":{\"id\":\"" + userId + "\",\"email_addresses\":{}}}",
            valid + "garbage", "{\"type\":\"user.deleted\",\"data\":{\"id\":null}}"};
        for (int i = 0; i < 800; i++) {
            String body;
            if (i % 3 == 0) {
                body = fixed[(i / 3) % fixed.length];
            } else if (i % 3 == 1) {
                body = valid.substring(0, random.nextInt(valid.length() - 1));
            } else {
                byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
                bytes[random.nextInt(bytes.length)] = (byte) (0x80 | random.nextInt(0x80));
                // Decoded, invalid UTF-8 becomes U+FFFD in a string: still JSON, so any answer below 500.
                requests.add(signed("msg_mal_" + i, bytes, JSON, false));
                continue;
            }
            requests.add(signed("msg_mal_" + i, body, JSON, true));
        }
        // RFC 8259 lets a parser ignore a leading byte order mark: either answer below 500 is right.
        requests.add(signed("msg_mal_bom", "\ufeff" + valid, JSON, false));
        return requests;
    }

    private List<HostileRequest> deepJson() {
        List<HostileRequest> requests = new ArrayList<>();
        int[] depths = {100, 1_000, 5_000, 20_000, 100_000};
        for (int i = 0; i < 200; i++) {
            int depth = depths[i % depths.length];
            String nested = i % 2 == 0 ? "[".repeat(depth) + "]".repeat(depth)
                    : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            String body = "{\"type\":\"user.updated\",\"object\":\"event\",\"timestamp\":1,\"data\":{\"id\":\""
                    + userId + "\",\"public_metadata\":" + nested + ",\"updated_at\":1}}";
            requests.add(signed("msg_deep_" + i, body, JSON, true));
        }
        return requests;
    }

    private List<HostileRequest> hugeNumbers() {
        List<HostileRequest> requests = new ArrayList<>();
        // Beyond a long: 400 is due. The last three fit (as 0 or 1 after rounding): any answer below 500.
        String[] numbers = {"9".repeat(1_100), "9".repeat(5_000), "1" + "0".repeat(20), "1e999999999", "-1e308",
            "1E400", "-" + "9".repeat(2000), "1e-2147483648", "1.5", "0." + "0".repeat(3000) + "1"};
        String[] fields = {"updated_at", "created_at", "last_sign_in_at", "timestamp"};
        for (int i = 0; i < 600; i++) {
            String number = numbers[i % numbers.length];
            String field = fields[(i / numbers.length) % fields.length];
            String body = field.equals("timestamp")
                    ? "{\"type\":\"user.updated\",\"object\":\"event\",\"timestamp\":" + number + ",\"data\":"
                            + dataWith("updated_at", "1") + "}"
                    : "{\"type\":\"user.updated\",\"object\":\"event\",\"timestamp\":1,\"data\":"
                            + dataWith(field, number) + "}";
            requests.add(signed("msg_num_" + i, body, JSON, i % numbers.length < 7));
        }
        return requests;
    }

    private List<HostileRequest> outOfRangeTimes() {
        List<HostileRequest> requests = new ArrayList<>();
        String[] times = {"9223372036854775807", "1000000000000000000", "-1", "-9223372036854775808",
            "253402300800000", "-62135596800001", "0"};
        for (int i = 0; i < 420; i++) {
            String time = times[i % times.length];
            String body;
            if (i % 3 == 0) {
                body = "{\"type\":\"user.deleted\",\"object\":\"event\",\"timestamp\":" + time
                        + ",\"data\":{\"id\":\"" + ClerkEvents.newUserId() + "\",\"object\":\"user\",\"deleted\":true}}";
            } else {
                String field = i % 3 == 1 ? "updated_at" : "created_at";
                body = "{\"type\":\"user.updated\",\"object\":\"event\",\"timestamp\":1,\"data\":"
                        + dataWithNewUser(field, time) + "}";
            }
            requests.add(signed("msg_time_" + i, body, JSON, false));
        }
        return requests;
    }

    private List<HostileRequest> badIds() {
        List<HostileRequest> requests = new ArrayList<>();
        String[] ids = {"\"\"", "\"../../etc/passwd\"", "\"user_'; drop table users;--\"", "\"" + "u".repeat(3_000) + "\"",
            "\"" + "u".repeat(100_000) + "\"", "\" \"", "\"user_\\n\\r\"", "\"user_\u00e9\u4e2d\"", "123", "[]", "{}",
            "null", "true", "\"user_<script>\"", "\"%00\""};
        for (int i = 0; i < 800; i++) {
            String id = ids[i % ids.length];
            String type = i % 2 == 0 ? "user.created" : "user.deleted";
            String body = type.equals("user.deleted")
                    ? "{\"type\":\"user.deleted\",\"object\":\"event\",\"timestamp\":1700000000000,\"data\":{\"id\":"
                            + id + ",\"object\":\"user\",\"deleted\":true}}"
                    : "{\"type\":\"user.created\",\"object\":\"event\",\"timestamp\":1700000000000,\"data\":{\"id\":" + id
                            + ",\"object\":\"user\",\"updated_at\":1700000000000,\"username\":\"bad" + i + "\"}}";
            requests.add(signed("msg_id_" + i, body, JSON, true));
        }
        return requests;
    }

    /** Organization and membership events each wrong in one field: all refused with 400, none stored. */
    private List<HostileRequest> absurdOrganizations() {
        String[] organizationIds = {"\"\"", "\"user_123\"", "\"org_\"", "\"org_'; drop table organizations;--\"",
            "\"org_" + "o".repeat(100) + "\"", "123", "null", "{}", "[]"};
        String[] membershipIds = {"\"\"", "\"org_123\"", "\"orgmem_../x\"", "\"orgmem_" + "m".repeat(100) + "\"", "7",
            "null"};
        String[] userIds = {"\"\"", "\"org_123\"", "\"user_\\u0000\"", "42", "null", "[]"};
        String[] membershipDamage = {"\"role\":7", "\"role\":null", "\"permissions\":[1]", "\"permissions\":\"all\"",
            "\"permissions\":[\"" + "p".repeat(300) + "\"]", "\"updated_at\":\"yesterday\"",
            "\"updated_at\":253402300800000", "\"organization\":null", "\"organization\":\"org_123\"",
            "\"public_user_data\":null", "\"public_user_data\":{}", "\"public_metadata\":[]"};
        String[] organizationDamage = {"\"name\":null", "\"name\":\"" + "n".repeat(2_000) + "\"", "\"slug\":5",
            "\"max_allowed_memberships\":-1", "\"max_allowed_memberships\":1e40", "\"updated_at\":-62135596800001",
            "\"updated_at\":null", "\"public_metadata\":\"x\""};
        List<HostileRequest> requests = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String organization = "\"" + ClerkEvents.newOrganizationId() + "\"";
            String membership = "\"" + ClerkEvents.newMembershipId() + "\"";
            String user = "\"" + ClerkEvents.newUserId() + "\"";
            String body = switch (i % 6) {
                case 0 -> organizationEvent("organization.created", organizationIds[i % organizationIds.length], "");
                case 1 -> organizationEvent("organization.updated", organization,
                        "," + organizationDamage[i % organizationDamage.length]);
                case 2 -> "{\"type\":\"organization.deleted\",\"object\":\"event\",\"timestamp\":1700000000000,"
                        + "\"data\":{\"id\":" + organizationIds[i % organizationIds.length] + ",\"deleted\":true}}";
                case 3 -> membershipEvent(membershipIds[i % membershipIds.length], organization, user, "");
                case 4 -> membershipEvent(membership, organization, userIds[i % userIds.length], "");
                default -> membershipEvent(membership, organization, user,
                        "," + membershipDamage[i % membershipDamage.length]);
            };
            requests.add(signed("msg_org_" + i, body, JSON, true));
        }
        return requests;
    }

    /** An organization event whose later members (in {@code damage}) override the valid ones before them. */
    private static String organizationEvent(String type, String id, String damage) {
        return "{\"type\":\"" + type + "\",\"object\":\"event\",\"timestamp\":1700000000000,\"data\":"
                + organizationJson(id, damage) + "}";
    }

    private static String organizationJson(String id, String damage) {
        return "{\"object\":\"organization\",\"id\":" + id + ",\"name\":\"Acme\",\"slug\":\"acme\","
                + "\"updated_at\":1700000000000" + damage + "}";
    }

    private static String membershipEvent(String id, String organization, String user, String damage) {
        return "{\"type\":\"organizationMembership.created\",\"object\":\"event\",\"timestamp\":1700000000000,"
                + "\"data\":{\"object\":\"organization_membership\",\"id\":" + id + ",\"role\":\"org:member\","
                + "\"permissions\":[],\"organization\":" + organizationJson(organization, "")
                + ",\"public_user_data\":{\"user_id\":" + user + "},\"updated_at\":1700000000000" + damage + "}}";
    }

    private List<HostileRequest> nulCharacters() {
        List<HostileRequest> requests = new ArrayList<>();
        String[] fields = {"first_name", "last_name", "username", "image_url"};
        for (int i = 0; i < 400; i++) {
            String id = ClerkEvents.newUserId();
            String field = fields[i % fields.length];
            String body = "{\"type\":\"user.created\",\"object\":\"event\",\"timestamp\":1700000000000,\"data\":"
                    + "{\"id\":\"" + id + "\",\"object\":\"user\",\"updated_at\":1700000000000,\"" + field
                    + "\":\"a\\u0000b" + i + "\",\"email_addresses\":[{\"id\":\"idn_" + i + "\",\"email_address\":\"n"
                    + (i % 5 == 0 ? "\\u0000" : "") + i + "-" + id.toLowerCase() + "@example.com\"}],"
                    + "\"primary_email_address_id\":\"idn_" + i + "\",\"public_metadata\":{\"k\\u0000\":\"v\"}}}";
            requests.add(signed("msg_nul_" + i, body, JSON, false));
        }
        return requests;
    }

    private List<HostileRequest> hugeSignedSvixIds() {
        List<HostileRequest> requests = new ArrayList<>();
        int[] sizes = {300, 2_800, 3_000, 6_000};
        for (int i = 0; i < 120; i++) {
            String id = "msg_" + i + "_" + "x".repeat(sizes[i % sizes.length]);
            String body = ClerkEvents.userUpdated(userId).updatedAt(1).json();
            requests.add(signed(id, body, JSON, false));
        }
        return requests;
    }

    private List<HostileRequest> caseFolding() {
        List<HostileRequest> requests = new ArrayList<>();
        String[][] pairs = {{"\u03a3\u03a3\u03a3", null}, {null, "I\u015f\u0131l.\u00c7\u0130FT\u00c7\u0130@%s.example"},
            {"stra\u00dfe", null}, {"\u0130stanbul", null}, {"\u01c5ungla", null}};
        for (int i = 0; i < 100; i++) {
            String[] pair = pairs[i % pairs.length];
            String suffix = Integer.toString(i / pairs.length);
            for (String domain : List.of("a", "b")) {
                String id = ClerkEvents.newUserId();
                ClerkEvents.UserEvent event = ClerkEvents.userCreated(id).updatedAt(1_700_000_000_000L);
                if (pair[0] != null) {
                    event.username(pair[0] + suffix);
                } else {
                    event.email(String.format(pair[1], domain + suffix).replace("@", suffix + "@"));
                }
                requests.add(signed("msg_fold_" + i + domain, event.json(), JSON, false));
            }
        }
        return requests;
    }

    private List<HostileRequest> contentTypesSigned() {
        List<HostileRequest> requests = new ArrayList<>();
        String[] types = {"Content-Type: text/plain", "Content-Type: application/x-www-form-urlencoded",
            "Content-Type: multipart/form-data; boundary=x", "Content-Type: application/json; charset=utf-16", "",
            "Content-Type: application/json; charset=nonsense"};
        for (int i = 0; i < 300; i++) {
            String body = ClerkEvents.userUpdated(userId).name("Content", "Type" + (i % 3)).updatedAt(1).json();
            requests.add(signed("msg_ct_" + i, body, types[i % types.length], false));
        }
        return requests;
    }

    private List<HostileRequest> adminAbsurd() {
        List<HostileRequest> requests = new ArrayList<>();
        String auth = "Authorization: Bearer " + adminToken();
        String[] setRole = {"{\"targetUserId\":" + "[".repeat(5_000) + "]".repeat(5_000) + ",\"role\":\"admin\"}",
            "{\"targetUserId\":\"" + userId + "\",\"role\":" + "9".repeat(2_000) + "}",
            "{\"targetUserId\":\"../../etc/passwd\",\"role\":\"admin\"}", "{\"targetUserId\":\"\",\"role\":\"admin\"}",
            "{\"targetUserId\":\"user_\\u0000\",\"role\":\"admin\"}", "{\"targetUserId\":\"" + userId + "\",\"role\":\"a\\u0000\"}",
            "{\"targetUserId\":null,\"role\":null}", "[]", "null", "{", "{\"targetUserId\":1e999999,\"role\":\"admin\"}",
            "{\"targetUserId\":\"" + "u".repeat(100_000) + "\",\"role\":\"admin\"}",
            "{\"targetUserId\":\"" + userId + "\",\"role\":\"superuser\"}"};
        String manyItems = "{\"assignments\":[" + ("{\"targetUserId\":\"" + userId + "\",\"role\":\"nope\"},").repeat(5_000)
                + "{}]}";
        String[] setRoles = {"{\"assignments\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}", manyItems,
            "{\"assignments\":[]}", "{\"assignments\":null}", "{\"assignments\":[1,2,3]}",
            "{\"assignments\":[{\"targetUserId\":\"../x\",\"role\":\"admin\"}]}"};
        String[] reads = {"/api/admin/users?limit=-1", "/api/admin/users?limit=1e99", "/api/admin/users?limit=" + "9".repeat(500),
            "/api/admin/users?after=%00", "/api/admin/users?after=" + "z".repeat(5_000), "/api/admin/users?role=%00",
            "/api/admin/users?role=" + "r".repeat(5_000), "/api/admin/webhook-events?limit=abc",
            "/api/admin/webhook-events?outcome=%00", "/api/admin/webhook-events?limit=-9223372036854775808",
            "/api/admin/users/stats?x=%ff", "/api/admin/users?limit=&limit=2&limit=3"};
        String[] replays = {"/api/admin/webhook-events/..%2f..%2fetc%2fpasswd/replay", "/api/admin/webhook-events/%00/replay",
            "/api/admin/webhook-events/" + "m".repeat(5_000) + "/replay", "/api/admin/webhook-events/msg_x/replay/extra",
            "/api/admin/webhook-events//replay", "/api/admin/reconcile/%00", "/api/admin/reconcile/..%2f..%2fetc%2fpasswd",
            "/api/admin/reconcile/" + "u".repeat(5_000), "/api/admin/reconcile/user_'%3B%20drop"};
        String[] reconcile = {"{\"dryRun\":" + "[".repeat(3_000) + "]".repeat(3_000) + "}", "{\"dryRun\":\"yes\"}",
            "{\"deleteMissing\":1e999999}", "{\"dryRun\":null,\"deleteMissing\":\"\\u0000\"}", "[", "7"};
        for (int i = 0; i < 1300; i++) {
            switch (i % 5) {
                case 0 -> requests.add(HostileRequest.of("POST", CONTEXT + "/api/admin/set-role", JSON + "\r\n" + auth,
                        setRole[(i / 5) % setRole.length], true));
                case 1 -> requests.add(HostileRequest.of("POST", CONTEXT + "/api/admin/set-roles", JSON + "\r\n" + auth,
                        setRoles[(i / 5) % setRoles.length], false));
                case 2 -> requests.add(HostileRequest.of("GET", CONTEXT + reads[(i / 5) % reads.length], auth, "", false));
                case 3 -> requests.add(HostileRequest.of("POST", CONTEXT + replays[(i / 5) % replays.length],
                        JSON + "\r\n" + auth, "{}", true));
                default -> requests.add(HostileRequest.of("POST", CONTEXT + "/api/admin/reconcile", JSON + "\r\n" + auth,
                        reconcile[(i / 5) % reconcile.length], true));
            }
        }
        return requests;
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** A valid admin session token, minted when a class is built: tokens live a minute. */
    private String adminToken() {
        return SessionTokens.forUser(adminId).sign();
    }

    private String validBody() {
        return ClerkEvents.userUpdated(userId).name("Mallory", "X" + random.nextInt(1000)).updatedAt(2_000_000_000_000L)
                .json();
    }

    private String dataWith(String field, String number) {
        return "{\"id\":\"" + userId + "\",\"object\":\"user\",\"" + field + "\":" + number
                + (field.equals("updated_at") ? "" : ",\"updated_at\":1") + "}";
    }

    private static String dataWithNewUser(String field, String number) {
        return "{\"id\":\"" + ClerkEvents.newUserId() + "\",\"object\":\"user\",\"" + field + "\":" + number
                + (field.equals("updated_at") ? "" : ",\"updated_at\":1700000000000") + "}";
    }

    private HostileRequest webhook(String id, String timestamp, String signature, String body, boolean mustReject) {
        return HostileRequest.of("POST", WEBHOOK, JSON + "\r\nsvix-id: " + id + "\r\nsvix-timestamp: " + timestamp
                + "\r\nsvix-signature: " + signature, body, mustReject);
    }

    private HostileRequest signed(String id, String body, String contentType, boolean mustReject) {
        return signed(id, body.getBytes(StandardCharsets.UTF_8), contentType, mustReject);
    }

    private HostileRequest signed(String id, byte[] body, String contentType, boolean mustReject) {
        long now = Instant.now().getEpochSecond();
        // svix signs the body as a string: decode as the server will (invalid UTF-8 becomes U+FFFD either way).
        String signature = sign(signer, id, now, new String(body, StandardCharsets.UTF_8));
        String headers = (contentType.isEmpty() ? "" : contentType + "\r\n") + "svix-id: " + id + "\r\nsvix-timestamp: "
                + now + "\r\nsvix-signature: " + signature;
        return HostileRequest.of("POST", WEBHOOK, headers, body, mustReject);
    }

    private HostileRequest tokenRequest(int i, String token, boolean mustReject) {
        String path = i % 3 == 0 ? ME : CONTEXT + ADMIN_PATHS.get(i % ADMIN_PATHS.size());
        String method = path.endsWith("set-role") ? "POST" : "GET";
        return HostileRequest.of(method, path, JSON + "\r\nAuthorization: Bearer " + token,
                method.equals("POST") ? "{}" : "", mustReject);
    }

    private static Webhook signer(String secret) {
        try {
            return new Webhook(secret);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(Webhook signer, String id, long timestamp, String body) {
        try {
            return signer.sign(id, timestamp, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String claimsJson(String subject, String extra) {
        long now = Instant.now().getEpochSecond();
        return "{" + (subject == null ? "" : "\"sub\":" + subject + ",") + "\"iss\":\"" + SessionTokens.ISSUER
                + "\",\"azp\":\"" + SessionTokens.AUTHORIZED_PARTY + "\",\"iat\":" + (now - 5) + ",\"nbf\":" + (now - 10)
                + (extra.contains("\"exp\"") ? "" : ",\"exp\":" + (now + 60)) + extra + "}";
    }

    /** Any JSON as the claims, correctly RS256-signed: what the verifier does with absurd but authentic claims. */
    private static String signRaw(String claims, RSAKey key) {
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    new Payload(claims));
            jws.sign(new RSASSASigner(key));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private String flipBit(String text, int at) {
        char[] chars = text.toCharArray();
        char flipped = (char) (chars[at] ^ (1 << random.nextInt(6)));
        chars[at] = flipped < 0x21 || flipped > 0x7e ? 'A' : flipped;
        return new String(chars);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static byte[] chunked(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length + 1024);
        int chunk = 64 * 1024;
        for (int from = 0; from < body.length; from += chunk) {
            int length = Math.min(chunk, body.length - from);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, from, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
