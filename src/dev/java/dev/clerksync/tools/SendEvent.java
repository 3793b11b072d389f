package dev.clerksync.tools;

import com.svix.Webhook;
import com.svix.exceptions.EmptyWebhookSecretException;
import com.svix.exceptions.WebhookSigningException;
import dev.clerksync.fixtures.ClerkEvents;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Posts one Clerk-shaped, Svix-signed user, organization or membership event to a running
 * clerk-sync, the way Clerk would, signed by the svix library the server checks with. The local run
 * writes its wrapper:
 *
 * <pre>
 * target/dev/send-event user.created [--first Grace --last Hopper] [--role admin]
 * target/dev/send-event user.updated --last Byron
 * target/dev/send-event user.deleted
 * target/dev/send-event organization.created [--name Acme] [--slug acme]
 * target/dev/send-event organizationMembership.created [--org org_…] [--user user_…] [--role org:admin]
 * target/dev/send-event organizationMembership.updated --user user_… --role org:member
 * target/dev/send-event organization.deleted
 * target/dev/send-event --replay
 * </pre>
 *
 * <p>{@code user.created} makes up a fresh user; {@code user.updated} and {@code user.deleted}
 * act on the user this program last created (kept in {@code target/dev/last-user.properties}),
 * unless {@code --id} names another. Organizations work the same way
 * ({@code target/dev/last-organization.properties}). A membership joins {@code --org} (default: the
 * organization last created here) and {@code --user} (default: the user last created here); the
 * memberships sent are remembered by that pair ({@code target/dev/memberships.properties}), so an
 * update or a delete reuses the membership's id, and an update keeps its role unless {@code --role}
 * is given. The events' bodies are built by {@link ClerkEvents}, as the tests build them. {@code --replay} re-sends the previous delivery's body byte
 * for byte under the same {@code svix-id}, as Svix does when it retries: clerk-sync should answer
 * {@code duplicate}.
 *
 * <p>During a local run ({@code mvn -B -Prun -DskipTests verify}) it finds the webhook address in
 * {@code target/dev/webhook-url}, and, when the run started the Clerk Backend API stand-in
 * ({@code target/dev/clerk-api-url}, {@code target/dev/clerk-secret-key}), it also stores the user,
 * organization or membership it sends there (or removes it, for a {@code .deleted} event), so that
 * set-role, {@code /api/me} and the organization role endpoint find it in "Clerk" as they would in
 * production. A {@code user.updated} then starts from the user
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
    // Files in the state directory; LocalRun writes the first four, this program the others.
    static final String SECRET_FILE = "signing-secret";
    static final String WEBHOOK_URL_FILE = "webhook-url";
    static final String CLERK_API_URL_FILE = "clerk-api-url";
    static final String CLERK_SECRET_KEY_FILE = "clerk-secret-key";
    static final String LAST_USER_FILE = "last-user.properties";
    static final String LAST_ORGANIZATION_FILE = "last-organization.properties";
    static final String MEMBERSHIPS_FILE = "memberships.properties";
    private static final String LAST_BODY_FILE = "last-delivery.json";
    private static final String LAST_DELIVERY_FILE = "last-delivery.properties";
    static final String DEFAULT_ORGANIZATION_NAME = "Acme";
    static final String DEFAULT_MEMBERSHIP_ROLE = "org:member";
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
        out.println((options.replay ? "Replaying " : "Posting ") + delivery.type + " for " + delivery.objectId
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

    /** In a local run with the Clerk stand-in, makes "Clerk" hold the object this event describes (or forget it). */
    private void updateStandIn(Delivery delivery) throws IOException, InterruptedException {
        Optional<String> apiUrl = readState(CLERK_API_URL_FILE);
        Optional<String> secretKey = readState(CLERK_SECRET_KEY_FILE);
        if (apiUrl.isEmpty() || secretKey.isEmpty()) {
            return;
        }
        URI address = URI.create(apiUrl.get().replaceAll("/+$", "") + "/dev/"
                + Kind.of(delivery.type).standInPath + "/" + delivery.objectId);
        HttpRequest.Builder request = HttpRequest.newBuilder(address).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + secretKey.get());
        boolean deleting = delivery.standInJson == null;
        if (deleting) {
            request.DELETE();
        } else {
            request.header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(delivery.standInJson, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            // A 404 on DELETE only means the stand-in never had that object (a restart, or --id).
            if (response.statusCode() / 100 != 2 && !(deleting && response.statusCode() == 404)) {
                err.println("SendEvent: the Clerk stand-in at " + apiUrl.get() + " answered " + response.statusCode()
                        + " " + response.body());
            }
        } catch (ConnectException e) {
            err.println("SendEvent: no Clerk stand-in answers at " + apiUrl.get() + " (from "
                    + stateDir.resolve(CLERK_API_URL_FILE) + "); the admin API will not find " + delivery.objectId);
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
        return switch (options.kind) {
            case USER -> userDelivery(svixId, now);
            case ORGANIZATION -> organizationDelivery(svixId, now);
            case MEMBERSHIP -> membershipDelivery(svixId, now);
        };
    }

    private Delivery userDelivery(String svixId, long now) throws IOException {
        if (options.type.equals("user.deleted")) {
            String userId = options.id != null ? options.id : lastUser().map(User::id).orElseGet(SendEvent::newUserId);
            String body = "{\"data\":{\"deleted\":true,\"id\":" + json(userId) + ",\"object\":\"user\"},"
                    + eventAttributes() + ",\"object\":\"event\",\"timestamp\":" + now
                    + ",\"type\":\"user.deleted\"}";
            return new Delivery(svixId, options.type, userId, utf8(body), null, () -> forgetUser(userId));
        }
        User user = startingPoint(now).with(options);
        String userJson = user.toJson(now);
        String body = "{\"data\":" + userJson + "," + eventAttributes()
                + ",\"instance_id\":\"ins_local\",\"object\":\"event\",\"timestamp\":" + now
                + ",\"type\":" + json(options.type) + "}";
        return new Delivery(svixId, options.type, user.id(), utf8(body), userJson,
                () -> store(user.toProperties(), stateDir.resolve(LAST_USER_FILE)));
    }

    /**
     * A fresh organization for organization.created; for .updated the one last created here (or
     * {@code --id}), changed by the options; for .deleted only its id.
     */
    private Delivery organizationDelivery(String svixId, long now) throws IOException {
        Optional<Organization> last = lastOrganization()
                .filter(organization -> options.id == null || organization.id().equals(options.id));
        if (options.type.equals("organization.deleted")) {
            String id = options.id != null ? options.id : last.map(Organization::id).orElseGet(() -> newId("org_"));
            return new Delivery(svixId, options.type, id, utf8(ClerkEvents.organizationDeleted(id, now)), null,
                    () -> forgetOrganization(id));
        }
        Organization organization = options.type.equals("organization.created") || last.isEmpty()
                ? Organization.fresh(options, now)
                : last.get().with(options, now);
        ClerkEvents.OrganizationEvent event = (options.type.equals("organization.created")
                ? ClerkEvents.organizationCreated(organization.id())
                : ClerkEvents.organizationUpdated(organization.id()))
                .name(organization.name()).slug(organization.slug())
                .createdAt(organization.createdAt()).updatedAt(organization.updatedAt());
        return new Delivery(svixId, options.type, organization.id(), utf8(event.json()), event.data().toString(),
                () -> store(organization.toProperties(), stateDir.resolve(LAST_ORGANIZATION_FILE)));
    }

    /**
     * The membership of {@code --user} (else the user last created here) in {@code --org} (else the
     * organization last created here): fresh for .created; for .updated and .deleted the one sent
     * before for that pair, so its id stays.
     */
    private Delivery membershipDelivery(String svixId, long now) throws IOException {
        Optional<Organization> lastOrganization = lastOrganization();
        String organizationId = options.org != null ? options.org : lastOrganization.map(Organization::id)
                .orElseThrow(() -> new IllegalStateException(
                        "No organization to join: pass --org org_… or send organization.created first"));
        String userId = options.user != null ? options.user : lastUser().map(User::id)
                .orElseThrow(() -> new IllegalStateException(
                        "No user to add: pass --user user_… or send user.created first"));
        Properties memberships = memberships();
        Optional<Membership> sent = Membership.of(memberships, organizationId, userId);
        Membership membership = options.type.equals("organizationMembership.created") || sent.isEmpty()
                ? Membership.fresh(options, organizationId, userId, now)
                : sent.get().with(options, now);
        ClerkEvents.MembershipEvent event = switch (options.type) {
            case "organizationMembership.created" -> ClerkEvents.membershipCreated(membership.id(), organizationId, userId);
            case "organizationMembership.updated" -> ClerkEvents.membershipUpdated(membership.id(), organizationId, userId);
            default -> ClerkEvents.membershipDeleted(membership.id(), organizationId, userId);
        };
        event.role(membership.role()).createdAt(membership.createdAt()).updatedAt(membership.updatedAt()).timestamp(now);
        // The embedded organization as it was last sent, so that it changes nothing; an unknown one keeps
        // the builder's old updated_at, which never overrides a newer organization.
        lastOrganization.filter(organization -> organization.id().equals(organizationId))
                .ifPresent(organization -> event.organizationName(organization.name())
                        .organizationSlug(organization.slug()).organizationCreatedAt(organization.createdAt())
                        .organizationUpdatedAt(organization.updatedAt()));
        boolean deleted = options.type.equals("organizationMembership.deleted");
        return new Delivery(svixId, options.type, membership.id(), utf8(event.json()),
                deleted ? null : event.data().toString(), () -> {
                    if (deleted) {
                        memberships.remove(Membership.key(organizationId, userId));
                    } else {
                        membership.putInto(memberships);
                    }
                    store(memberships, stateDir.resolve(MEMBERSHIPS_FILE));
                });
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
        // "user-id": what SendEvent wrote before it sent organizations too.
        return new Delivery(last.getProperty("svix-id"), last.getProperty("type"),
                last.getProperty("object-id", last.getProperty("user-id")), Files.readAllBytes(lastBody), null, null);
    }

    private void remember(Delivery delivery) throws IOException {
        Files.createDirectories(stateDir);
        Files.write(stateDir.resolve(LAST_BODY_FILE), delivery.body);
        Properties last = new Properties();
        last.setProperty("svix-id", delivery.svixId);
        last.setProperty("type", delivery.type);
        last.setProperty("object-id", delivery.objectId);
        store(last, stateDir.resolve(LAST_DELIVERY_FILE));
        delivery.memory.keep();
    }

    /** The user is gone: the next user.updated should not resurrect it by default, nor use its memberships. */
    private void forgetUser(String userId) throws IOException {
        if (lastUser().map(user -> user.id().equals(userId)).orElse(false)) {
            Files.delete(stateDir.resolve(LAST_USER_FILE));
        }
        // clerk-sync deletes a deleted user's memberships too.
        forgetMemberships(key -> key.endsWith("/" + userId));
    }

    /** The organization is gone, and with it its memberships. */
    private void forgetOrganization(String organizationId) throws IOException {
        if (lastOrganization().map(organization -> organization.id().equals(organizationId)).orElse(false)) {
            Files.delete(stateDir.resolve(LAST_ORGANIZATION_FILE));
        }
        forgetMemberships(key -> key.startsWith(organizationId + "/"));
    }

    private void forgetMemberships(Predicate<String> key) throws IOException {
        Properties memberships = memberships();
        List<String> gone = memberships.stringPropertyNames().stream().filter(key).toList();
        if (!gone.isEmpty()) {
            gone.forEach(memberships::remove);
            store(memberships, stateDir.resolve(MEMBERSHIPS_FILE));
        }
    }

    private Optional<User> lastUser() throws IOException {
        Path file = stateDir.resolve(LAST_USER_FILE);
        return Files.isReadable(file)
                ? Optional.of(User.fromProperties(load(file)))
                : Optional.empty();
    }

    private Optional<Organization> lastOrganization() throws IOException {
        Path file = stateDir.resolve(LAST_ORGANIZATION_FILE);
        return Files.isReadable(file)
                ? Optional.of(Organization.fromProperties(load(file)))
                : Optional.empty();
    }

    /** The memberships sent from here and not deleted since, by organization and user. */
    private Properties memberships() throws IOException {
        Path file = stateDir.resolve(MEMBERSHIPS_FILE);
        return Files.isReadable(file) ? load(file) : new Properties();
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
        return newId("user_");
    }

    static String newOrganizationId() {
        return newId("org_");
    }

    /** A Clerk-shaped id: the prefix and a random 27-character base62 KSUID look-alike. */
    private static String newId(String prefix) {
        return prefix + randomId();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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

    /**
     * One delivery: {@code standInJson} is what the Clerk stand-in should hold (null: forget the
     * object), {@code memory} what this program keeps of it once the server accepted it; both are
     * null for a replay.
     */
    private record Delivery(String svixId, String type, String objectId, byte[] body, String standInJson,
                            Memory memory) {
    }

    /** What SendEvent remembers of a delivery the server accepted. */
    @FunctionalInterface
    private interface Memory {
        void keep() throws IOException;
    }

    /**
     * The email a fresh user gets unless {@code --email} is given: its names (as ASCII letters and
     * digits) and the end of its id, so that Grace Hopper is grace.hopper.…@example.com. Names with
     * nothing left in ASCII give user.…@example.com. clerk-sync derives the username from it.
     */
    static String defaultEmail(String first, String last, String userId) {
        StringBuilder local = new StringBuilder();
        for (String name : new String[] {first, last}) {
            String part = ascii(name).replaceAll("[^a-z0-9]", "");
            if (!part.isEmpty()) {
                local.append(part).append('.');
            }
        }
        if (local.length() == 0) {
            local.append("user.");
        }
        return local + idSuffix(userId) + "@example.com";
    }

    /**
     * The slug a fresh organization gets unless {@code --slug} is given: its name's ASCII words joined
     * by dashes and the end of its id, so that two organizations named Acme do not fight over
     * {@code acme} (slugs are unique among live organizations).
     */
    static String defaultSlug(String name, String organizationId) {
        String words = ascii(name).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return (words.isEmpty() ? "org" : words) + "-" + idSuffix(organizationId);
    }

    /** Lower case, accents dropped: Zoë becomes zoe. */
    private static String ascii(String name) {
        return name == null ? "" : Normalizer.normalize(name, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    private static String idSuffix(String id) {
        return id.substring(Math.max(0, id.length() - ID_SUFFIX_LENGTH)).toLowerCase(Locale.ROOT);
    }

    /** The organization fields SendEvent sets, remembered so that updates and memberships name the same one. */
    record Organization(String id, String name, String slug, long createdAt, long updatedAt) {

        /** A new organization: Acme unless named, with a slug made from its name and id. */
        static Organization fresh(Options o, long now) {
            String id = o.id != null ? o.id : newOrganizationId();
            String name = o.name != null ? o.name : DEFAULT_ORGANIZATION_NAME;
            return new Organization(id, name, o.slug != null ? o.slug : defaultSlug(name, id), now, now);
        }

        /** Renaming keeps the slug, as in Clerk; {@code --slug} changes it. */
        Organization with(Options o, long now) {
            return new Organization(id, o.name != null ? o.name : name, o.slug != null ? o.slug : slug, createdAt, now);
        }

        Properties toProperties() {
            Properties p = new Properties();
            p.setProperty("id", id);
            p.setProperty("name", name);
            p.setProperty("slug", slug);
            p.setProperty("created-at", Long.toString(createdAt));
            p.setProperty("updated-at", Long.toString(updatedAt));
            return p;
        }

        static Organization fromProperties(Properties p) {
            return new Organization(p.getProperty("id"), p.getProperty("name"), p.getProperty("slug"),
                    Long.parseLong(p.getProperty("created-at")), Long.parseLong(p.getProperty("updated-at")));
        }
    }

    /**
     * A membership SendEvent sent, kept in one properties file under {@code org_…/user_…}, its value
     * {@code orgmem_… role created_at updated_at} (Clerk's role keys hold no spaces).
     */
    record Membership(String id, String organizationId, String userId, String role, long createdAt, long updatedAt) {

        static Membership fresh(Options o, String organizationId, String userId, long now) {
            return new Membership(o.id != null ? o.id : newId("orgmem_"), organizationId, userId,
                    o.role != null ? o.role : DEFAULT_MEMBERSHIP_ROLE, now, now);
        }

        /** For .updated: a new version, the role changed by {@code --role}; for .deleted: as it was. */
        Membership with(Options o, long now) {
            boolean deleted = o.type.endsWith(".deleted");
            return new Membership(o.id != null ? o.id : id, organizationId, userId, o.role != null ? o.role : role,
                    createdAt, deleted ? updatedAt : now);
        }

        static String key(String organizationId, String userId) {
            return organizationId + "/" + userId;
        }

        static Optional<Membership> of(Properties memberships, String organizationId, String userId) {
            String value = memberships.getProperty(key(organizationId, userId));
            if (value == null) {
                return Optional.empty();
            }
            String[] fields = value.trim().split(" +");
            return Optional.of(new Membership(fields[0], organizationId, userId, fields[1],
                    Long.parseLong(fields[2]), Long.parseLong(fields[3])));
        }

        void putInto(Properties memberships) {
            memberships.setProperty(key(organizationId, userId), id + " " + role + " " + createdAt + " " + updatedAt);
        }
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

    /** The kinds of Clerk object SendEvent sends events for: event type prefix, id prefix, stand-in registry. */
    enum Kind {
        USER("user", "user_", "users", "user"),
        ORGANIZATION("organization", "org_", "organizations", "organization"),
        MEMBERSHIP("organizationMembership", "orgmem_", "organization_memberships", "membership");

        final String typePrefix;
        final String idPrefix;
        final String standInPath;
        final String noun;

        Kind(String typePrefix, String idPrefix, String standInPath, String noun) {
            this.typePrefix = typePrefix;
            this.idPrefix = idPrefix;
            this.standInPath = standInPath;
            this.noun = noun;
        }

        List<String> types() {
            return Stream.of("created", "updated", "deleted").map(action -> typePrefix + "." + action).toList();
        }

        static List<String> allTypes() {
            return Stream.of(values()).flatMap(kind -> kind.types().stream()).toList();
        }

        /** The kind of a type {@link #allTypes()} lists. */
        static Kind of(String type) {
            return Stream.of(values()).filter(kind -> kind.types().contains(type)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("name the event type: one of " + allTypes()));
        }
    }

    static final class Options {

        static final String USAGE = String.join("\n",
                "Usage: target/dev/send-event user.created|user.updated|user.deleted [options]",
                "       target/dev/send-event organization.created|organization.updated|organization.deleted [options]",
                "       target/dev/send-event organizationMembership.created|.updated|.deleted [options]",
                "       target/dev/send-event --replay [--url …] [--secret …]",
                "  (target/dev/send-event is written by the local run: mvn -B -Prun -DskipTests verify)",
                "  --url URL        webhook address (default: the running local run's, from " + DEFAULT_STATE_DIR + "/"
                        + WEBHOOK_URL_FILE + ", else " + DEFAULT_URL + ")",
                "  --secret whsec_… signing secret (default: $CLERK_WEBHOOK_SIGNING_SECRET, else "
                        + DEFAULT_STATE_DIR + "/" + SECRET_FILE + ")",
                "  --state-dir DIR  where the local run's files are and this program's memory is kept (default "
                        + DEFAULT_STATE_DIR + ")",
                "  --id ID          the object (user_…, org_… or orgmem_…; default: fresh for .created, else the",
                "                   one last created here)",
                "users:",
                "  --email, --first, --last, --username, --phone   profile fields of user.created / user.updated",
                "  --role ROLE      sets public_metadata.role (user.updated otherwise keeps the role the Clerk",
                "                   stand-in holds, e.g. one set by set-role; without the stand-in, the last one sent)",
                "organizations:",
                "  --name NAME      its name (default " + DEFAULT_ORGANIZATION_NAME + "; organization.updated keeps the last one sent)",
                "  --slug SLUG      its slug (default: made of the name and the end of the id; kept on rename)",
                "memberships:",
                "  --org org_…      the organization (default: the one last created here)",
                "  --user user_…    the member (default: the user last created here)",
                "  --role ROLE      its role, a Clerk role key (default " + DEFAULT_MEMBERSHIP_ROLE
                        + "; .updated keeps the role last sent",
                "                   for that pair, which knows no change made since through the role endpoint)",
                "  --replay         re-send the previous delivery byte for byte with the same svix-id");

        // The options that describe one kind of object, and the kinds they fit (--role fits two).
        private static final Map<String, Set<Kind>> KIND_OPTIONS = Map.of(
                "--email", EnumSet.of(Kind.USER), "--first", EnumSet.of(Kind.USER), "--last", EnumSet.of(Kind.USER),
                "--username", EnumSet.of(Kind.USER), "--phone", EnumSet.of(Kind.USER),
                "--role", EnumSet.of(Kind.USER, Kind.MEMBERSHIP),
                "--name", EnumSet.of(Kind.ORGANIZATION), "--slug", EnumSet.of(Kind.ORGANIZATION),
                "--org", EnumSet.of(Kind.MEMBERSHIP), "--user", EnumSet.of(Kind.MEMBERSHIP));

        String type;
        Kind kind;
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
        String name;
        String slug;
        String org;
        String user;
        boolean replay;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> given = new ArrayList<>();
            Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
            while (!rest.isEmpty()) {
                String arg = rest.removeFirst();
                given.add(arg);
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
                    case "--name" -> o.name = value(arg, rest);
                    case "--slug" -> o.slug = value(arg, rest);
                    case "--org" -> o.org = value(arg, rest);
                    case "--user" -> o.user = value(arg, rest);
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
            if (o.help) {
                return o;
            }
            if (o.replay) {
                if (o.type != null) {
                    throw new IllegalArgumentException("--replay re-sends the previous delivery; it takes no event type");
                }
                return o;
            }
            o.kind = Kind.of(String.valueOf(o.type));
            for (String option : given) {
                Set<Kind> fits = KIND_OPTIONS.get(option);
                if (fits != null && !fits.contains(o.kind)) {
                    throw new IllegalArgumentException(option + " is for " + fits.stream().map(kind -> kind.noun + " events")
                            .reduce((a, b) -> a + " and " + b).orElseThrow() + ", not " + o.type);
                }
            }
            checkId("--id", o.id, o.kind);
            checkId("--org", o.org, Kind.ORGANIZATION);
            checkId("--user", o.user, Kind.USER);
            if (o.role != null && o.role.isBlank()) {
                throw new IllegalArgumentException("--role needs a role");
            }
            return o;
        }

        private static void checkId(String option, String id, Kind kind) {
            if (id != null && !id.startsWith(kind.idPrefix)) {
                throw new IllegalArgumentException(option + " must be a Clerk " + kind.noun + " id (" + kind.idPrefix + "…)");
            }
        }

        private static String value(String option, Deque<String> rest) {
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return rest.removeFirst();
        }
    }
}
