package dev.clerksync.tools;

import com.svix.Webhook;
import com.svix.exceptions.EmptyWebhookSecretException;
import com.svix.exceptions.WebhookSigningException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Posts one Clerk-shaped, Svix-signed user event to a running clerk-sync, the way Clerk would,
 * signed by the svix library the server checks with. The local run writes its wrapper:
 *
 * <pre>
 * target/dev/send-event user.created [--first Grace --last Hopper] [--role admin]
 * target/dev/send-event user.updated --last Byron
 * target/dev/send-event user.deleted
 * target/dev/send-event --replay
 * </pre>
 *
 * <p>{@code user.created} makes up a fresh user; {@code user.updated} and {@code user.deleted}
 * act on the user this program last created (kept in {@code target/dev/last-user.properties}),
 * unless {@code --id} names another. {@code --replay} re-sends the previous delivery's body byte
 * for byte under the same {@code svix-id}, as Svix does when it retries: clerk-sync should answer
 * {@code duplicate}.
 *
 * <p>During a local run ({@code mvn -B -Prun -DskipTests verify}) it finds the webhook address in
 * {@code target/dev/webhook-url}, and, when the run started the Clerk Backend API stand-in
 * ({@code target/dev/clerk-api-url}, {@code target/dev/clerk-secret-key}), it also stores the user it
 * sends there (or removes it, for {@code user.deleted}), so that set-role and {@code /api/me} find
 * the user in "Clerk" as they would in production. A {@code user.updated} then starts from the user
 * as the stand-in holds it now ({@code GET /v1/users/{id}}, as Clerk serves it), so a role that
 * set-role stored there survives unless {@code --role} is given. Without the stand-in it starts from
 * the profile it last sent, which knows nothing of set-role; it says so.
 *
 * <p>The local run also writes {@code target/dev/send-event}, a wrapper that runs this class as the
 * build compiled it: the same program without compiling the source on every start.
 */
public final class SendEvent {

    static final String DEFAULT_URL = "http://localhost:8080/clerk-sync/webhooks/clerk";

    static final Path DEFAULT_STATE_DIR = Path.of("target", "dev");
    // Files in the state directory; LocalRun writes the first four, this program the last three.
    static final String SECRET_FILE = "signing-secret";
    static final String WEBHOOK_URL_FILE = "webhook-url";
    static final String CLERK_API_URL_FILE = "clerk-api-url";
    static final String CLERK_SECRET_KEY_FILE = "clerk-secret-key";
    static final String LAST_USER_FILE = "last-user.properties";
    private static final String LAST_BODY_FILE = "last-delivery.json";
    private static final String LAST_DELIVERY_FILE = "last-delivery.properties";
    private static final List<String> EVENT_TYPES = List.of("user.created", "user.updated", "user.deleted");
    // Clerk ids are a prefix and a 27-character KSUID; random base62 has the same shape.
    private static final int ID_LENGTH = 27;
    private static final int ID_SUFFIX_LENGTH = 6;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Everything {@link #main} does but exit: answers 0 when the server accepted the delivery
     * (2xx), 1 when it refused it or did not answer, 2 on a usage or set-up error.
     */
    static int run(String[] args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("SendEvent: " + e.getMessage());
            err.println(Options.USAGE);
            return 2;
        }
        if (options.help) {
            out.println(Options.USAGE);
            return 0;
        }
        try {
            return new SendEvent(options, out, err).send();
        } catch (IllegalStateException e) {
            err.println("SendEvent: " + e.getMessage());
            return 2;
        }
    }

    private final Options options;
    private final Path stateDir;
    private final PrintStream out;
    private final PrintStream err;

    private SendEvent(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.stateDir = options.stateDir;
        this.out = out;
        this.err = err;
    }

    private int send() throws IOException, InterruptedException {
        String secret = signingSecret();
        String url = webhookUrl();
        Delivery delivery = options.replay ? previousDelivery() : newDelivery();
        if (!options.replay) {
            // Clerk changes its user first and tells us afterwards: the stand-in leads, like Clerk.
            updateStandIn(delivery);
        }
        long timestamp = System.currentTimeMillis() / 1000;
        String signature = sign(secret, delivery.svixId, timestamp, delivery.body);

        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("svix-id", delivery.svixId)
                .header("svix-timestamp", Long.toString(timestamp))
                .header("svix-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body))
                .build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        out.println((options.replay ? "Replaying " : "Posting ") + delivery.type + " for " + delivery.userId
                + " (svix-id " + delivery.svixId + ") to " + url);
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            err.println("Nothing answers at " + url
                    + ": is clerk-sync running? Start it with: mvn -B -Prun -DskipTests verify");
            return 1;
        }
        // Only what the server accepted is worth replaying or updating later.
        if (!options.replay && response.statusCode() / 100 == 2) {
            remember(delivery);
        }
        out.println("HTTP " + response.statusCode() + " " + response.body());
        return response.statusCode() / 100 == 2 ? 0 : 1;
    }

    /** The Svix signature of the delivery, {@code v1,<base64>}, made by the svix library as the server checks it. */
    static String sign(String secret, String svixId, long timestamp, byte[] body) {
        try {
            return new Webhook(secret).sign(svixId, timestamp, new String(body, StandardCharsets.UTF_8));
        } catch (WebhookSigningException | EmptyWebhookSecretException e) {
            throw new IllegalArgumentException("cannot sign with this secret: " + e.getMessage(), e);
        }
    }

    private String signingSecret() throws IOException {
        if (options.secret != null) {
            return options.secret;
        }
        String fromEnv = System.getenv("CLERK_WEBHOOK_SIGNING_SECRET");
        if (fromEnv != null && !fromEnv.isBlank()) {
            // A comma list is allowed during rotation; signing with any one of them passes.
            return fromEnv.split(",")[0].trim();
        }
        Optional<String> fromFile = readState(SECRET_FILE);
        if (fromFile.isPresent()) {
            return fromFile.get();
        }
        throw new IllegalStateException("No signing secret: pass --secret whsec_…, set CLERK_WEBHOOK_SIGNING_SECRET, "
                + "or run from the project directory after `mvn -B -Prun -DskipTests verify` wrote "
                + stateDir.resolve(SECRET_FILE));
    }

    /** --url, else the address the running local run wrote down, else Tomcat's default port. */
    private String webhookUrl() throws IOException {
        if (options.url != null) {
            return options.url;
        }
        return readState(WEBHOOK_URL_FILE).orElse(DEFAULT_URL);
    }

    /** In a local run with the Clerk stand-in, makes "Clerk" hold the user this event describes. */
    private void updateStandIn(Delivery delivery) throws IOException, InterruptedException {
        Optional<String> apiUrl = readState(CLERK_API_URL_FILE);
        Optional<String> secretKey = readState(CLERK_SECRET_KEY_FILE);
        if (apiUrl.isEmpty() || secretKey.isEmpty()) {
            return;
        }
        URI address = URI.create(apiUrl.get().replaceAll("/+$", "") + "/dev/users/" + delivery.userId);
        HttpRequest.Builder request = HttpRequest.newBuilder(address).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + secretKey.get());
        if (delivery.user == null) {
            request.DELETE();
        } else {
            request.header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(delivery.userJson, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            // A 404 on DELETE only means the stand-in never had that user (a restart, or --id).
            if (response.statusCode() / 100 != 2 && !(delivery.user == null && response.statusCode() == 404)) {
                err.println("SendEvent: the Clerk stand-in at " + apiUrl.get() + " answered " + response.statusCode()
                        + " " + response.body());
            }
        } catch (ConnectException e) {
            err.println("SendEvent: no Clerk stand-in answers at " + apiUrl.get() + " (from "
                    + stateDir.resolve(CLERK_API_URL_FILE) + "); set-role will not find " + delivery.userId);
        }
    }

    private Optional<String> readState(String name) throws IOException {
        Path file = stateDir.resolve(name);
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        String value = Files.readString(file, StandardCharsets.UTF_8).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private Delivery newDelivery() throws IOException {
        long now = System.currentTimeMillis();
        String svixId = "msg_" + randomId();
        if (options.type.equals("user.deleted")) {
            String userId = options.id != null ? options.id : lastUser().map(User::id).orElseGet(SendEvent::newUserId);
            String body = "{\"data\":{\"deleted\":true,\"id\":" + json(userId) + ",\"object\":\"user\"},"
                    + eventAttributes() + ",\"object\":\"event\",\"timestamp\":" + now
                    + ",\"type\":\"user.deleted\"}";
            return new Delivery(svixId, options.type, userId, body.getBytes(StandardCharsets.UTF_8), null, null);
        }
        User user = startingPoint(now).with(options);
        String userJson = user.toJson(now);
        String body = "{\"data\":" + userJson + "," + eventAttributes()
                + ",\"instance_id\":\"ins_local\",\"object\":\"event\",\"timestamp\":" + now
                + ",\"type\":" + json(options.type) + "}";
        return new Delivery(svixId, options.type, user.id(), body.getBytes(StandardCharsets.UTF_8), user, userJson);
    }

    /**
     * What the event changes: a fresh user for user.created; for user.updated the user as Clerk (the
     * stand-in) holds it now, else the profile last sent from here, else a fresh one.
     */
    private User startingPoint(long now) throws IOException {
        if (options.type.equals("user.created")) {
            return User.fresh(options, now);
        }
        Optional<User> remembered = options.id == null ? lastUser() : lastUser().filter(u -> u.id().equals(options.id));
        String id = options.id != null ? options.id : remembered.map(User::id).orElse(null);
        if (id == null) {
            return User.fresh(options, now);
        }
        Optional<String> apiUrl = readState(CLERK_API_URL_FILE);
        Optional<String> secretKey = readState(CLERK_SECRET_KEY_FILE);
        if (apiUrl.isEmpty() || secretKey.isEmpty()) {
            if (remembered.isPresent()) {
                out.println("No Clerk stand-in in this run: starting from the profile SendEvent last sent, which "
                        + "knows no role set since (by set-role); pass --role to choose one.");
            }
            return remembered.orElseGet(() -> User.fresh(options, now));
        }
        Optional<User> held = standInUser(apiUrl.get(), secretKey.get(), id);
        if (held.isPresent()) {
            out.println("Starting from " + id + " as the Clerk stand-in holds it now (role "
                    + Optional.ofNullable(held.get().role()).orElse("unset") + ")");
            return held.get();
        }
        return remembered.orElseGet(() -> User.fresh(options, now));
    }

    /** Clerk's {@code GET /v1/users/{id}}, served by the stand-in; empty when it does not answer with the user. */
    private Optional<User> standInUser(String apiUrl, String secretKey, String id)
            throws IOException {
        URI address = URI.create(apiUrl.replaceAll("/+$", "") + "/v1/users/" + id);
        HttpRequest request = HttpRequest.newBuilder(address).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + secretKey).GET().build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                    .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            err.println("SendEvent: no Clerk stand-in answers at " + apiUrl + "; starting from the profile "
                    + "SendEvent last sent");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while asking the Clerk stand-in for " + id, e);
        }
        if (response.statusCode() != 200) {
            err.println("SendEvent: the Clerk stand-in answered " + response.statusCode() + " for " + id
                    + "; starting from the profile SendEvent last sent");
            return Optional.empty();
        }
        return Optional.of(User.fromClerk(JsonParser.parseObject(response.body())));
    }

    private static String eventAttributes() {
        return "\"event_attributes\":{\"http_request\":{\"client_ip\":\"127.0.0.1\","
                + "\"user_agent\":\"clerk-sync SendEvent\"}}";
    }

    private Delivery previousDelivery() throws IOException {
        Path lastBody = stateDir.resolve(LAST_BODY_FILE);
        Path lastDelivery = stateDir.resolve(LAST_DELIVERY_FILE);
        if (!Files.isReadable(lastBody) || !Files.isReadable(lastDelivery)) {
            throw new IllegalStateException("Nothing to replay: send an event first (" + lastBody + " is missing)");
        }
        Properties last = load(lastDelivery);
        return new Delivery(last.getProperty("svix-id"), last.getProperty("type"), last.getProperty("user-id"),
                Files.readAllBytes(lastBody), null, null);
    }

    private void remember(Delivery delivery) throws IOException {
        Files.createDirectories(stateDir);
        Files.write(stateDir.resolve(LAST_BODY_FILE), delivery.body);
        Properties last = new Properties();
        last.setProperty("svix-id", delivery.svixId);
        last.setProperty("type", delivery.type);
        last.setProperty("user-id", delivery.userId);
        store(last, stateDir.resolve(LAST_DELIVERY_FILE));
        if (delivery.user != null) {
            store(delivery.user.toProperties(), stateDir.resolve(LAST_USER_FILE));
        } else if (lastUserHas(delivery.userId)) {
            // That user is gone now; the next user.updated should not resurrect it by default.
            Files.delete(stateDir.resolve(LAST_USER_FILE));
        }
    }

    private Optional<User> lastUser() throws IOException {
        Path file = stateDir.resolve(LAST_USER_FILE);
        return Files.isReadable(file)
                ? Optional.of(User.fromProperties(load(file)))
                : Optional.empty();
    }

    private boolean lastUserHas(String id) throws IOException {
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

    /** One delivery; {@code user} and its JSON are null for user.deleted and for a replay. */
    private record Delivery(String svixId, String type, String userId, byte[] body, User user, String userJson) {
    }

    /**
     * The email a fresh user gets unless {@code --email} is given: its names (as ASCII letters and
     * digits) and the end of its id, so that Grace Hopper is grace.hopper.…@example.com. Names with
     * nothing left in ASCII give user.…@example.com. clerk-sync derives the username from it.
     */
    static String defaultEmail(String first, String last, String userId) {
        StringBuilder local = new StringBuilder();
        for (String name : new String[] {first, last}) {
            String part = name == null ? "" : Normalizer.normalize(name, Normalizer.Form.NFD)
                    .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            if (!part.isEmpty()) {
                local.append(part).append('.');
            }
        }
        if (local.length() == 0) {
            local.append("user.");
        }
        String suffix = userId.substring(Math.max(0, userId.length() - ID_SUFFIX_LENGTH)).toLowerCase(Locale.ROOT);
        return local + suffix + "@example.com";
    }

    /** The profile fields SendEvent lets you set, remembered between runs so updates hit the same user. */
    record User(String id, String email, String emailId, String first, String last, String username,
                String role, String phone, String phoneId, long createdAt) {

        /** A new user: Ada Lovelace unless named, with an email made from the names it ends up with. */
        static User fresh(Options o, long now) {
            String userId = o.id != null ? o.id : newUserId();
            String first = o.first != null ? o.first : "Ada";
            String last = o.last != null ? o.last : "Lovelace";
            return new User(userId, defaultEmail(first, last, userId), "idn_" + randomId(), first, last,
                    null, null, null, null, now);
        }

        /** The fields of a user object as Clerk's Backend API returns it. */
        static User fromClerk(Map<String, Object> clerk) {
            String emailId = stringOrNull(clerk.get("primary_email_address_id"));
            String phoneId = stringOrNull(clerk.get("primary_phone_number_id"));
            Object metadata = clerk.get("public_metadata");
            String role = metadata instanceof Map<?, ?> map ? stringOrNull(map.get("role")) : null;
            Object createdAt = clerk.get("created_at");
            return new User(stringOrNull(clerk.get("id")),
                    identification(clerk.get("email_addresses"), emailId, "email_address"), emailId,
                    stringOrNull(clerk.get("first_name")), stringOrNull(clerk.get("last_name")),
                    stringOrNull(clerk.get("username")), role,
                    identification(clerk.get("phone_numbers"), phoneId, "phone_number"), phoneId,
                    createdAt instanceof Number number ? number.longValue() : System.currentTimeMillis());
        }

        /** The {@code field} of the entry with this id in a list of email addresses or phone numbers. */
        private static String identification(Object list, String id, String field) {
            if (id == null || !(list instanceof List<?> entries)) {
                return null;
            }
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> map && id.equals(map.get("id"))) {
                    return stringOrNull(map.get(field));
                }
            }
            return null;
        }

        private static String stringOrNull(Object value) {
            return value instanceof String text ? text : null;
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

    /** Just enough JSON to read the stand-in's answers: objects as maps, arrays as lists, numbers as BigDecimal. */
    static final class JsonParser {

        private final String text;
        private int at;

        private JsonParser(String text) {
            this.text = text;
        }

        /** The object {@code text} holds; IllegalArgumentException when it is not one JSON object. */
        static Map<String, Object> parseObject(String text) {
            JsonParser parser = new JsonParser(text);
            Object value = parser.value();
            parser.space();
            if (parser.at != text.length() || !(value instanceof Map<?, ?>)) {
                throw parser.error("expected one JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) value;
            return object;
        }

        private Object value() {
            space();
            if (at >= text.length()) {
                throw error("unexpected end");
            }
            return switch (text.charAt(at)) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> object = new LinkedHashMap<>();
            at++;
            space();
            if (next('}')) {
                return object;
            }
            do {
                space();
                String key = string();
                space();
                expect(':');
                object.put(key, value());
                space();
            } while (next(','));
            expect('}');
            return object;
        }

        private List<Object> array() {
            List<Object> array = new ArrayList<>();
            at++;
            space();
            if (next(']')) {
                return array;
            }
            do {
                array.add(value());
                space();
            } while (next(','));
            expect(']');
            return array;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (at >= text.length()) {
                    break;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error("short \\u escape");
                        }
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(escaped);
                }
            }
            throw error("unterminated string");
        }

        private BigDecimal number() {
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            try {
                return new BigDecimal(text.substring(start, at));
            } catch (NumberFormatException e) {
                throw error("expected a value");
            }
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, at)) {
                throw error("expected " + word);
            }
            at += word.length();
            return value;
        }

        private void space() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private boolean next(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!next(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException("Not the JSON expected: " + message + " at character " + at);
        }
    }

    static final class Options {

        static final String USAGE = String.join("\n",
                "Usage: target/dev/send-event user.created|user.updated|user.deleted [options]",
                "       target/dev/send-event --replay [--url …] [--secret …]",
                "  (target/dev/send-event is written by the local run: mvn -B -Prun -DskipTests verify)",
                "  --url URL        webhook address (default: the running local run's, from " + DEFAULT_STATE_DIR + "/"
                        + WEBHOOK_URL_FILE + ", else " + DEFAULT_URL + ")",
                "  --secret whsec_… signing secret (default: $CLERK_WEBHOOK_SIGNING_SECRET, else "
                        + DEFAULT_STATE_DIR + "/" + SECRET_FILE + ")",
                "  --state-dir DIR  where the local run's files are and this program's memory is kept (default "
                        + DEFAULT_STATE_DIR + ")",
                "  --id user_…      the user (default: fresh for user.created, else the user last created here)",
                "  --email, --first, --last, --username, --phone   profile fields of user.created / user.updated",
                "  --role ROLE      sets public_metadata.role (user.updated otherwise keeps the role the Clerk",
                "                   stand-in holds, e.g. one set by set-role; without the stand-in, the last one sent)",
                "  --replay         re-send the previous delivery byte for byte with the same svix-id");

        String type;
        String url;
        Path stateDir = DEFAULT_STATE_DIR;
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
                    case "--state-dir" -> o.stateDir = Path.of(value(arg, rest));
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
