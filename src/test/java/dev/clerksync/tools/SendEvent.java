package dev.clerksync.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts one Clerk-shaped, Svix-signed user event to a running clerk-sync, the way Clerk would.
 * Depends on the JDK only, so it runs without a build through Java's single-file launcher:
 *
 * <pre>
 * java src/test/java/dev/clerksync/tools/SendEvent.java user.created [--email a@b.c] [--role admin]
 * java src/test/java/dev/clerksync/tools/SendEvent.java user.updated --last Byron
 * java src/test/java/dev/clerksync/tools/SendEvent.java user.deleted
 * java src/test/java/dev/clerksync/tools/SendEvent.java --replay
 * </pre>
 *
 * <p>{@code user.created} makes up a fresh user; {@code user.updated} and {@code user.deleted}
 * act on the user this program last created (kept in {@code target/dev/last-user.properties}),
 * unless {@code --id} names another. {@code --replay} re-sends the previous delivery's body byte
 * for byte under the same {@code svix-id}, as Svix does when it retries: clerk-sync should answer
 * {@code duplicate}.
 */
public final class SendEvent {

    static final String DEFAULT_URL = "http://localhost:8080/clerk-sync/webhooks/clerk";
    static final String SECRET_PREFIX = "whsec_";

    private static final Path STATE_DIR = Path.of("target", "dev");
    private static final Path SECRET_FILE = STATE_DIR.resolve("signing-secret");
    private static final Path LAST_BODY = STATE_DIR.resolve("last-delivery.json");
    private static final Path LAST_DELIVERY = STATE_DIR.resolve("last-delivery.properties");
    private static final Path LAST_USER = STATE_DIR.resolve("last-user.properties");
    private static final List<String> EVENT_TYPES = List.of("user.created", "user.updated", "user.deleted");
    // Clerk ids are a prefix and a 27-character KSUID; random base62 has the same shape.
    private static final int ID_LENGTH = 27;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SendEvent() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SendEvent: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            return;
        }
        try {
            System.exit(run(options));
        } catch (IllegalStateException e) {
            System.err.println("SendEvent: " + e.getMessage());
            System.exit(2);
        }
    }

    private static int run(Options options) throws IOException, InterruptedException {
        String secret = signingSecret(options);
        Delivery delivery = options.replay ? previousDelivery() : newDelivery(options);
        long timestamp = System.currentTimeMillis() / 1000;
        String signature = sign(secret, delivery.svixId, timestamp, delivery.body);

        HttpRequest request = HttpRequest.newBuilder(URI.create(options.url))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("svix-id", delivery.svixId)
                .header("svix-timestamp", Long.toString(timestamp))
                .header("svix-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body))
                .build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        System.out.println((options.replay ? "Replaying " : "Posting ") + delivery.type + " for " + delivery.userId
                + " (svix-id " + delivery.svixId + ") to " + options.url);
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            System.err.println("Nothing answers at " + options.url
                    + ": is clerk-sync running? Start it with: mvn -B -Prun -DskipTests verify");
            return 1;
        }
        // Only what the server accepted is worth replaying or updating later.
        if (!options.replay && response.statusCode() / 100 == 2) {
            remember(delivery);
        }
        System.out.println("HTTP " + response.statusCode() + " " + response.body());
        return response.statusCode() / 100 == 2 ? 0 : 1;
    }

    /**
     * The Svix / Standard Webhooks signature: HMAC-SHA256 with the base64-decoded key after
     * {@code whsec_}, over {@code id.timestamp.body}, sent as {@code v1,<base64>}.
     */
    static String sign(String secret, String svixId, long timestamp, byte[] body) {
        String encodedKey = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(encodedKey), "HmacSHA256"));
            mac.update((svixId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String signingSecret(Options options) throws IOException {
        if (options.secret != null) {
            return options.secret;
        }
        String fromEnv = System.getenv("CLERK_WEBHOOK_SIGNING_SECRET");
        if (fromEnv != null && !fromEnv.isBlank()) {
            // A comma list is allowed during rotation; signing with any one of them passes.
            return fromEnv.split(",")[0].trim();
        }
        if (Files.isReadable(SECRET_FILE)) {
            return Files.readString(SECRET_FILE, StandardCharsets.UTF_8).trim();
        }
        throw new IllegalStateException("No signing secret: pass --secret whsec_…, set CLERK_WEBHOOK_SIGNING_SECRET, "
                + "or run from the project directory after `mvn -B -Prun -DskipTests verify` wrote " + SECRET_FILE);
    }

    private static Delivery newDelivery(Options options) throws IOException {
        long now = System.currentTimeMillis();
        String svixId = "msg_" + randomId();
        if (options.type.equals("user.deleted")) {
            String userId = options.id != null ? options.id : lastUser().map(User::id).orElseGet(SendEvent::newUserId);
            String body = "{\"data\":{\"deleted\":true,\"id\":" + json(userId) + ",\"object\":\"user\"},"
                    + eventAttributes() + ",\"object\":\"event\",\"timestamp\":" + now
                    + ",\"type\":\"user.deleted\"}";
            return new Delivery(svixId, options.type, userId, body.getBytes(StandardCharsets.UTF_8), null);
        }
        User base = options.type.equals("user.created") || options.id != null && !lastUserHas(options.id)
                ? User.fresh(options.id, now)
                : lastUser().orElseGet(() -> User.fresh(null, now));
        User user = base.with(options);
        String body = "{\"data\":" + user.toJson(now) + "," + eventAttributes()
                + ",\"instance_id\":\"ins_local\",\"object\":\"event\",\"timestamp\":" + now
                + ",\"type\":" + json(options.type) + "}";
        return new Delivery(svixId, options.type, user.id(), body.getBytes(StandardCharsets.UTF_8), user);
    }

    private static String eventAttributes() {
        return "\"event_attributes\":{\"http_request\":{\"client_ip\":\"127.0.0.1\","
                + "\"user_agent\":\"clerk-sync SendEvent\"}}";
    }

    private static Delivery previousDelivery() throws IOException {
        if (!Files.isReadable(LAST_BODY) || !Files.isReadable(LAST_DELIVERY)) {
            throw new IllegalStateException("Nothing to replay: send an event first (" + LAST_BODY + " is missing)");
        }
        Properties last = load(LAST_DELIVERY);
        return new Delivery(last.getProperty("svix-id"), last.getProperty("type"), last.getProperty("user-id"),
                Files.readAllBytes(LAST_BODY), null);
    }

    private static void remember(Delivery delivery) throws IOException {
        Files.createDirectories(STATE_DIR);
        Files.write(LAST_BODY, delivery.body);
        Properties last = new Properties();
        last.setProperty("svix-id", delivery.svixId);
        last.setProperty("type", delivery.type);
        last.setProperty("user-id", delivery.userId);
        store(last, LAST_DELIVERY);
        if (delivery.user != null) {
            store(delivery.user.toProperties(), LAST_USER);
        } else if (lastUserHas(delivery.userId)) {
            // That user is gone now; the next user.updated should not resurrect it by default.
            Files.delete(LAST_USER);
        }
    }

    private static Optional<User> lastUser() throws IOException {
        return Files.isReadable(LAST_USER)
                ? Optional.of(User.fromProperties(load(LAST_USER)))
                : Optional.empty();
    }

    private static boolean lastUserHas(String id) throws IOException {
        return lastUser().map(user -> user.id().equals(id)).orElse(false);
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    private static void store(Properties properties, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "written by SendEvent");
        }
    }

    static String newUserId() {
        return "user_" + randomId();
    }

    private static String randomId() {
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return id.toString();
    }

    /** A JSON string literal, or {@code null}. */
    static String json(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
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

    private record Delivery(String svixId, String type, String userId, byte[] body, User user) {
    }

    /** The profile fields SendEvent lets you set, remembered between runs so updates hit the same user. */
    private record User(String id, String email, String emailId, String first, String last, String username,
                        String role, String phone, String phoneId, long createdAt) {

        static User fresh(String id, long now) {
            String userId = id != null ? id : newUserId();
            String suffix = userId.substring(userId.length() - 6).toLowerCase(Locale.ROOT);
            return new User(userId, "ada." + suffix + "@example.com", "idn_" + randomId(), "Ada", "Lovelace",
                    null, null, null, null, now);
        }

        User with(Options o) {
            String newPhone = o.phone != null ? o.phone : phone;
            String newPhoneId = newPhone == null ? null : phoneId != null ? phoneId : "idn_" + randomId();
            return new User(id, o.email != null ? o.email : email, emailId, o.first != null ? o.first : first,
                    o.last != null ? o.last : last, o.username != null ? o.username : username,
                    o.role != null ? o.role : role, newPhone, newPhoneId, createdAt);
        }

        String toJson(long now) {
            String emails = email == null ? "[]"
                    : "[{\"email_address\":" + json(email) + ",\"id\":" + json(emailId)
                    + ",\"linked_to\":[],\"object\":\"email_address\","
                    + "\"verification\":{\"status\":\"verified\",\"strategy\":\"email_code\"}}]";
            String phones = phone == null ? "[]"
                    : "[{\"id\":" + json(phoneId) + ",\"linked_to\":[],\"object\":\"phone_number\","
                    + "\"phone_number\":" + json(phone) + ",\"reserved_for_second_factor\":false,"
                    + "\"verification\":{\"status\":\"verified\",\"strategy\":\"phone_code\"}}]";
            String publicMetadata = role == null ? "{}" : "{\"role\":" + json(role) + "}";
            return "{\"backup_code_enabled\":false,\"banned\":false,\"birthday\":\"\",\"created_at\":" + createdAt
                    + ",\"email_addresses\":" + emails
                    + ",\"external_accounts\":[],\"external_id\":null,\"first_name\":" + json(first)
                    + ",\"gender\":\"\",\"has_image\":false,\"id\":" + json(id)
                    + ",\"image_url\":\"https://img.clerk.com/placeholder\",\"last_name\":" + json(last)
                    + ",\"last_sign_in_at\":null,\"locked\":false,\"object\":\"user\",\"password_enabled\":true"
                    + ",\"phone_numbers\":" + phones
                    + ",\"primary_email_address_id\":" + json(email == null ? null : emailId)
                    + ",\"primary_phone_number_id\":" + json(phone == null ? null : phoneId)
                    + ",\"primary_web3_wallet_id\":null,\"private_metadata\":{}"
                    + ",\"profile_image_url\":\"https://www.gravatar.com/avatar?d=mp\""
                    + ",\"public_metadata\":" + publicMetadata
                    + ",\"two_factor_enabled\":false,\"unsafe_metadata\":{},\"updated_at\":" + now
                    + ",\"username\":" + json(username) + ",\"web3_wallets\":[]}";
        }

        Properties toProperties() {
            Properties p = new Properties();
            p.setProperty("id", id);
            p.setProperty("created-at", Long.toString(createdAt));
            put(p, "email", email);
            put(p, "email-id", emailId);
            put(p, "first", first);
            put(p, "last", last);
            put(p, "username", username);
            put(p, "role", role);
            put(p, "phone", phone);
            put(p, "phone-id", phoneId);
            return p;
        }

        static User fromProperties(Properties p) {
            return new User(p.getProperty("id"), p.getProperty("email"), p.getProperty("email-id"),
                    p.getProperty("first"), p.getProperty("last"), p.getProperty("username"), p.getProperty("role"),
                    p.getProperty("phone"), p.getProperty("phone-id"), Long.parseLong(p.getProperty("created-at")));
        }

        private static void put(Properties p, String key, String value) {
            if (value != null) {
                p.setProperty(key, value);
            }
        }
    }

    private static final class Options {

        static final String USAGE = String.join("\n",
                "Usage: java src/test/java/dev/clerksync/tools/SendEvent.java user.created|user.updated|user.deleted [options]",
                "       java src/test/java/dev/clerksync/tools/SendEvent.java --replay [--url …] [--secret …]",
                "  --url URL        webhook address (default " + DEFAULT_URL + ")",
                "  --secret whsec_… signing secret (default: $CLERK_WEBHOOK_SIGNING_SECRET, else " + SECRET_FILE + ")",
                "  --id user_…      the user (default: fresh for user.created, else the user last created here)",
                "  --email, --first, --last, --username, --phone   profile fields of user.created / user.updated",
                "  --role ROLE      sets public_metadata.role",
                "  --replay         re-send the previous delivery byte for byte with the same svix-id");

        String type;
        String url = DEFAULT_URL;
        String secret;
        String id;
        String email;
        String first;
        String last;
        String username;
        String role;
        String phone;
        boolean replay;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
            while (!rest.isEmpty()) {
                String arg = rest.removeFirst();
                switch (arg) {
                    case "--url" -> o.url = value(arg, rest);
                    case "--secret" -> o.secret = value(arg, rest);
                    case "--id" -> o.id = value(arg, rest);
                    case "--email" -> o.email = value(arg, rest);
                    case "--first" -> o.first = value(arg, rest);
                    case "--last" -> o.last = value(arg, rest);
                    case "--username" -> o.username = value(arg, rest);
                    case "--role" -> o.role = value(arg, rest);
                    case "--phone" -> o.phone = value(arg, rest);
                    case "--replay" -> o.replay = true;
                    case "-h", "--help" -> o.help = true;
                    default -> {
                        if (arg.startsWith("-") || o.type != null) {
                            throw new IllegalArgumentException("unexpected argument " + arg);
                        }
                        o.type = arg;
                    }
                }
            }
            if (!o.help && !o.replay && !EVENT_TYPES.contains(String.valueOf(o.type))) {
                throw new IllegalArgumentException("name the event type: one of " + EVENT_TYPES);
            }
            if (o.replay && o.type != null) {
                throw new IllegalArgumentException("--replay re-sends the previous delivery; it takes no event type");
            }
            if (o.id != null && !o.id.startsWith("user_")) {
                throw new IllegalArgumentException("--id must be a Clerk user id (user_…)");
            }
            return o;
        }

        private static String value(String option, Deque<String> rest) {
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return rest.removeFirst();
        }
    }
}
