package dev.clerksync.bench;

import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.fixtures.SigningSecrets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.LogManager;
import org.apache.catalina.startup.Tomcat;

/**
 * Prints how fast {@code POST /api/admin/reconcile} brings a large Clerk instance into an empty
 * table: {@code bench.reconcile.users} users (default 1 000 000) served by a Backend API stand-in
 * that makes each page on the fly from the user's position (nothing held in memory), the packaged
 * WAR in an embedded Tomcat in this JVM, an embedded PostgreSQL (or {@code BENCH_DATABASE_URL}).
 * Prints users/s, the run's counts, the row count after it, and this JVM's heap (peak sampled
 * every 100 ms, and after a GC at the end). A benchmark, not a test: it judges nothing.
 *
 * <p>With {@code bench.reconcile.scope=organizations}: {@code bench.reconcile.organizations}
 * organizations (default 10 000) and {@code bench.reconcile.memberships} memberships (default
 * 100 000, spread evenly over the organizations), made on the fly the same way, reconciled with
 * {@code {"scope":"organizations"}}; it prints objects/s instead.
 */
public final class ReconcileBenchmark {

    private static final Path WORK = Path.of("target", "bench");
    private static final String SECRET_KEY = "sk_test_bench" + Long.toHexString(System.nanoTime());
    private static final String ADMIN = "user_benchadmin";
    private static final long CREATED_AT = 1_700_000_000_000L;
    private static final Duration POLL = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peakHeap = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Files.createDirectories(WORK);
        try (InputStream config = ReconcileBenchmark.class.getResourceAsStream("/bench-logging.properties")) {
            LogManager.getLogManager().readConfiguration(config);
        }
        int users = Integer.parseInt(System.getProperty("bench.reconcile.users", "1000000"));
        boolean organizations = System.getProperty("bench.reconcile.scope", "users").equals("organizations");
        int organizationCount = Integer.parseInt(System.getProperty("bench.reconcile.organizations", "10000"));
        int membershipCount = Integer.parseInt(System.getProperty("bench.reconcile.memberships", "100000"));
        try (TargetDatabase database = TargetDatabase.open()) {
            if (organizations) {
                new ReconcileBenchmark().runOrganizations(database, organizationCount, membershipCount);
            } else {
                new ReconcileBenchmark().run(database, users);
            }
        }
    }

    /** The organizations' scope: organizations and memberships, generated, into empty tables. */
    private void runOrganizations(TargetDatabase database, int organizations, int memberships) throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, max heap %d MB, %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, database.describe());
        ClerkBackendStandIn clerk = new ClerkBackendStandIn(SECRET_KEY);
        int perOrganization = Math.max(1, memberships / organizations);
        clerk.serve(new ClerkBackendStandIn.GeneratedObjects(organizations, ReconcileBenchmark::organization),
                new ClerkBackendStandIn.GeneratedObjects(memberships, i -> membership(i, perOrganization)));
        Tomcat tomcat = startTomcat(database, clerk);
        Thread sampler = heapSampler();
        try {
            URI base = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/");
            administrator(database);
            long started = System.nanoTime();
            HttpResponse<String> start = send(HttpRequest.newBuilder(base.resolve("api/admin/reconcile"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"organizations\"}")));
            System.out.printf(Locale.ROOT, "POST /api/admin/reconcile {\"scope\":\"organizations\"}: %d %s%n",
                    start.statusCode(), start.body());
            JsonObject status = parse(start.body());
            while (status.getString("status").equals("running")) {
                Thread.sleep(POLL.toMillis());
                status = parse(send(HttpRequest.newBuilder(base.resolve("api/admin/reconcile")).GET()).body());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            sampler.interrupt();
            System.gc();
            long afterGc = memory.getHeapMemoryUsage().getUsed();
            long seenOrganizations = status.getJsonObject("organizations").getJsonNumber("seen").longValue();
            long seenMemberships = status.getJsonObject("memberships").getJsonNumber("seen").longValue();
            System.out.printf(Locale.ROOT, "run: %s%n", status);
            System.out.printf(Locale.ROOT, "rows afterwards: %d organizations, %d memberships%n",
                    rows(database, "organizations"), rows(database, "organization_memberships"));
            System.out.printf(Locale.ROOT, "RECONCILE organizations=%d memberships=%d seconds=%.1f objects/s=%.0f"
                    + " heap peak=%d MB heap after GC=%d MB%n", seenOrganizations, seenMemberships, seconds,
                    (seenOrganizations + seenMemberships) / seconds, peakHeap.get() >> 20, afterGc >> 20);
        } finally {
            sampler.interrupt();
            tomcat.stop();
            tomcat.destroy();
            clerk.close();
        }
    }

    private void run(TargetDatabase database, int users) throws Exception {
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, max heap %d MB, %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, database.describe());
        ClerkBackendStandIn clerk = new ClerkBackendStandIn(SECRET_KEY);
        clerk.serve(new ClerkBackendStandIn.GeneratedUsers(users, ReconcileBenchmark::userId, ReconcileBenchmark::user));
        Tomcat tomcat = startTomcat(database, clerk);
        Thread sampler = heapSampler();
        try {
            URI base = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/");
            administrator(database);
            long started = System.nanoTime();
            HttpResponse<String> start = send(HttpRequest.newBuilder(base.resolve("api/admin/reconcile"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            System.out.printf(Locale.ROOT, "POST /api/admin/reconcile: %d %s%n", start.statusCode(), start.body());
            JsonObject status = parse(start.body());
            while (status.getString("status").equals("running")) {
                Thread.sleep(POLL.toMillis());
                status = parse(send(HttpRequest.newBuilder(base.resolve("api/admin/reconcile")).GET()).body());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            sampler.interrupt();
            System.gc();
            long afterGc = memory.getHeapMemoryUsage().getUsed();
            System.out.printf(Locale.ROOT, "run: %s%n", status);
            System.out.printf(Locale.ROOT, "rows in users afterwards: %d (the Clerk users and the administrator)%n",
                    rows(database, "users"));
            System.out.printf(Locale.ROOT,
                    "RECONCILE users=%d seconds=%.1f users/s=%.0f heap peak=%d MB heap after GC=%d MB%n",
                    status.getJsonNumber("seen").longValue(), seconds, status.getJsonNumber("seen").longValue() / seconds,
                    peakHeap.get() >> 20, afterGc >> 20);
        } finally {
            sampler.interrupt();
            tomcat.stop();
            tomcat.destroy();
            clerk.close();
        }
    }

    /** A complete Clerk user, with the objects clerk-sync reads past; unique email and username. */
    private static String userId(int i) {
        return String.format(Locale.ROOT, "user_bench%09d", i);
    }

    private static String user(int i) {
        String id = userId(i);
        long time = CREATED_AT + i;
        return new StringBuilder(1024).append("{\"id\":\"").append(id).append("\",\"object\":\"user\",\"username\":\"bench").append(i)
                .append("\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace").append(i)
                .append("\",\"image_url\":\"https://img.clerk.com/").append(id)
                .append("\",\"has_image\":false,\"primary_email_address_id\":\"idn_e").append(i)
                .append("\",\"primary_phone_number_id\":null,\"primary_web3_wallet_id\":null,\"password_enabled\":true,")
                .append("\"two_factor_enabled\":false,\"totp_enabled\":false,\"backup_code_enabled\":false,")
                .append("\"email_addresses\":[{\"id\":\"idn_e").append(i).append("\",\"object\":\"email_address\",")
                .append("\"email_address\":\"ada").append(i).append("@example.com\",\"reserved\":false,")
                .append("\"verification\":{\"status\":\"verified\",\"strategy\":\"email_code\",\"attempts\":1,")
                .append("\"expire_at\":").append(time).append("},\"linked_to\":[],\"created_at\":").append(time)
                .append(",\"updated_at\":").append(time).append("}],\"phone_numbers\":[],\"web3_wallets\":[],")
                .append("\"passkeys\":[],\"external_accounts\":[],\"saml_accounts\":[],")
                .append("\"public_metadata\":{\"role\":\"").append(i % 10 == 0 ? "admin" : "user")
                .append("\"},\"private_metadata\":{},\"unsafe_metadata\":{},\"external_id\":null,")
                .append("\"last_sign_in_at\":").append(time).append(",\"banned\":false,\"locked\":false,")
                .append("\"lockout_expires_in_seconds\":null,\"verification_attempts_remaining\":100,")
                .append("\"created_at\":").append(time).append(",\"updated_at\":").append(time)
                .append(",\"delete_self_enabled\":true,\"create_organization_enabled\":true,")
                .append("\"last_active_at\":").append(time).append('}').toString();
    }

    /**
     * A complete Clerk organization; ids sort as positions do. Objects are made when a page asks for
     * them, so none is held by the stand-in.
     */
    private static String organization(int i) {
        String id = String.format(Locale.ROOT, "org_bench%09d", i);
        long time = CREATED_AT + i;
        return new StringBuilder(512).append("{\"object\":\"organization\",\"id\":\"").append(id)
                .append("\",\"name\":\"Bench Org ").append(i).append("\",\"slug\":\"bench-org-").append(i)
                .append("\",\"image_url\":\"https://img.clerk.com/").append(id)
                .append("\",\"has_image\":false,\"members_count\":10,\"max_allowed_memberships\":100,")
                .append("\"admin_delete_enabled\":true,\"public_metadata\":{\"plan\":\"pro\"},")
                .append("\"private_metadata\":{},\"created_by\":\"").append(userId(i))
                .append("\",\"created_at\":").append(time).append(",\"updated_at\":").append(time).append('}')
                .toString();
    }

    /**
     * Membership {@code i}: of organization {@code i / perOrganization}, with user {@code i % 50 000}
     * (so a user belongs to several organizations), the organization embedded as Clerk does.
     */
    private static String membership(int i, int perOrganization) {
        long time = CREATED_AT + 1_000_000L + i;
        String user = userId(i % 50_000);
        return new StringBuilder(1024).append("{\"object\":\"organization_membership\",\"id\":\"")
                .append(String.format(Locale.ROOT, "orgmem_bench%09d", i))
                .append("\",\"role\":\"").append(i % perOrganization == 0 ? "org:admin" : "org:member")
                .append("\",\"role_name\":\"").append(i % perOrganization == 0 ? "Admin" : "Member")
                .append("\",\"permissions\":[\"org:sys_profile:read\",\"org:sys_memberships:read\"],")
                .append("\"public_metadata\":{},\"private_metadata\":{},\"organization\":")
                .append(organization(i / perOrganization))
                .append(",\"public_user_data\":{\"user_id\":\"").append(user)
                .append("\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"image_url\":")
                .append("\"https://img.clerk.com/x\",\"has_image\":false,\"identifier\":\"ada")
                .append(i % 50_000).append("@example.com\"},\"created_at\":").append(time)
                .append(",\"updated_at\":").append(time).append('}').toString();
    }

    /** The WAR in an embedded Tomcat, configured as an operator would, against {@code clerk}. */
    private static Tomcat startTomcat(TargetDatabase database, ClerkBackendStandIn clerk) throws Exception {
        System.setProperty("DATABASE_URL", database.jdbcUrl);
        setOrClear("DATABASE_USER", database.user);
        setOrClear("DATABASE_PASSWORD", database.password);
        System.setProperty("CLERK_WEBHOOK_SIGNING_SECRET", SigningSecrets.newSecret());
        System.setProperty("CLERK_SECRET_KEY", SECRET_KEY);
        System.setProperty("CLERK_API_URL", clerk.baseUrl().toString());
        System.setProperty("CLERK_JWT_KEY", SessionTokens.publicPem());
        Path base = WORK.resolve("tomcat-reconcile");
        Files.createDirectories(base.resolve("webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toAbsolutePath().toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        tomcat.addWebapp("", Path.of(System.getProperty("bench.war", "target/clerk-sync.war")).toAbsolutePath()
                .toString());
        tomcat.start();
        return tomcat;
    }

    /** The caller: an administrator's row, the one row in the table before the run. */
    private static void administrator(TargetDatabase database) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("delete from users");
            statement.execute("insert into users (id, username, username_key, display_name, role) values ('"
                    + ADMIN + "', 'benchadmin', 'benchadmin', 'Bench Admin', 'admin')");
        }
    }

    private static long rows(TargetDatabase database, String table) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select count(*) from " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    private Thread heapSampler() {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        // Clerk's session tokens live 60 s: a fresh one for every call.
        return http.send(request.header("Authorization", "Bearer " + SessionTokens.forUser(ADMIN).sign())
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject parse(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static void setOrClear(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
