package dev.clerksync.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.support.CapturedLogs;
import dev.clerksync.support.LeastPrivilegeDatabase;
import dev.clerksync.support.TestDatabase;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks;
import dev.clerksync.support.Webhooks.Answer;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The WAR in a database made by tomcat-config/create-database.sql, as docs/operations.md tells an
 * operator: its pool works as the runtime role, which may only read and write rows, and it
 * migrates as the owner ({@code DATABASE_MIGRATION_USER}), on the URL of its own pool or of
 * Tomcat's. Without that login the runtime role cannot migrate a new database, and the start fails
 * saying which setting is missing; once migrated, the runtime role alone starts.
 */
@ExtendWith(ArquillianExtension.class)
class LeastPrivilegeIT {

    private static final String DEPLOYED = "least-privilege";
    private static final String UNMIGRATED = "least-privilege-unmigrated";
    private static final String RUNTIME_ONLY = "least-privilege-runtime-only";
    private static final String CONTAINER_POOL = "least-privilege-container-pool";
    private static final List<String> DATABASE_SETTINGS = List.of("DATABASE_URL", "DATABASE_USER",
            "DATABASE_PASSWORD", "DATABASE_MIGRATION_USER", "DATABASE_MIGRATION_PASSWORD");

    private static final Map<String, String> shared = new HashMap<>();
    private static LeastPrivilegeDatabase migrated;
    private static LeastPrivilegeDatabase containerPoolDatabase;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @ArquillianResource
    private Deployer deployer;

    @ArquillianResource
    @OperateOnDeployment(DEPLOYED)
    private URL base;

    @Deployment(name = DEPLOYED, testable = false)
    static WebArchive deployment() {
        WebArchive war = TestEnvironment.war(DEPLOYED + ".war");
        for (String name : DATABASE_SETTINGS) {
            shared.put(name, System.getProperty(name));
        }
        migrated = LeastPrivilegeDatabase.create(TestEnvironment.database(), "public");
        use(settings(migrated, true));
        return war;
    }

    @Deployment(name = UNMIGRATED, managed = false, testable = false)
    static WebArchive unmigrated() {
        return TestEnvironment.war(UNMIGRATED + ".war");
    }

    @Deployment(name = RUNTIME_ONLY, managed = false, testable = false)
    static WebArchive runtimeOnly() {
        return TestEnvironment.war(RUNTIME_ONLY + ".war");
    }

    /** With Tomcat's jdbc/clerkSync as the runtime role, in a database of its own not yet migrated. */
    @Deployment(name = CONTAINER_POOL, managed = false, testable = false)
    static WebArchive containerPool() {
        WebArchive war = TestEnvironment.war(CONTAINER_POOL + ".war");
        containerPoolDatabase = LeastPrivilegeDatabase.create(TestEnvironment.database(), "public");
        return war.addAsManifestResource(new StringAsset(containerPoolContext(containerPoolDatabase)), "context.xml");
    }

    @AfterAll
    static void restoreTheSharedDatabase() {
        use(shared);
    }

    @Test
    void theRuntimeRoleMirrorsWebhooksAndServesTheAdminApi() {
        TestEnvironment.clerk().reset();
        TestDatabase db = migrated.database();
        Webhooks webhooks = new Webhooks(base);
        String admin = syncedUser(webhooks, "admin");
        String user = syncedUser(webhooks, "user");

        assertEquals("applied", webhooks.delivery(ClerkEvents.userUpdated(user).name("Grace", "Hopper")
                .updatedAt(2_000).json()).post().outcome());
        assertEquals("Grace Hopper", db.user(user).orElseThrow().get("display_name"));
        String organization = ClerkEvents.newOrganizationId();
        assertEquals("applied", webhooks.delivery(ClerkEvents.organizationCreated(organization).json()).post()
                .outcome());
        assertEquals("applied", webhooks.delivery(ClerkEvents.membershipCreated(ClerkEvents.newMembershipId(),
                organization, user).json()).post().outcome());
        assertEquals(1, db.count("select count(*) from organization_memberships where user_id = ?", user));

        Answer read = send("api/admin/users/stats", admin, null);
        assertEquals(200, read.status(), read.toString());
        assertEquals(db.count("select count(*) from users"), read.json().getJsonNumber("total").longValue());

        Answer setRole = send("api/admin/set-role", admin, "{\"targetUserId\":\"" + user + "\",\"role\":\"admin\"}");
        assertEquals(200, setRole.status(), setRole.toString());
        assertEquals("admin", db.user(user).orElseThrow().get("role"));
        assertEquals(1, db.count("select count(*) from role_changes where target_id = ?", user));

        assertEquals("applied", webhooks.delivery(ClerkEvents.userDeleted(user, 3_000)).post().outcome());
        assertTrue(db.user(user).isEmpty());
        assertEquals(1, db.count("select count(*) from user_tombstones where user_id = ?", user));

        // deleteMissing keeps the ids it saw in reconcile_seen: rows, no TEMPORARY needed.
        String goneFromClerk = syncedUser(webhooks, "user");
        TestEnvironment.clerk().remove(goneFromClerk);
        Answer reconcile = send("api/admin/reconcile", admin, "{\"deleteMissing\":true}");
        assertEquals(200, reconcile.status(), reconcile.toString());
        assertTrue(db.user(goneFromClerk).isEmpty(), reconcile.toString());

        // The pool's connections are the runtime role's, and the migration's are closed.
        assertEquals(Set.of(migrated.runtime()), db.query("select distinct usename::text as name from pg_stat_activity"
                + " where datname = current_database() and usename <> current_user").stream()
                .map(row -> (String) row.get("name")).collect(Collectors.toSet()));
    }

    @Test
    void theRuntimeRoleCanNeitherCreateNorTruncateNorDrop() throws SQLException {
        TestDatabase db = migrated.database();
        assertEquals(0, db.count("select count(*) from pg_tables where schemaname = 'public' and tableowner <> ?",
                migrated.owner()));
        assertEquals(1, db.count("select count(*) from pg_tables where schemaname = 'public'"
                + " and tablename = 'flyway_schema_history'"));
        try (Connection runtime = DriverManager.getConnection(db.directUrl(), migrated.runtime(),
                migrated.runtimePassword()); Statement statement = runtime.createStatement()) {
            try (ResultSet result = statement.executeQuery("select rolsuper, rolcreatedb, rolcreaterole from pg_roles"
                    + " where rolname = current_user")) {
                assertTrue(result.next());
                assertFalse(result.getBoolean(1) || result.getBoolean(2) || result.getBoolean(3));
            }
            for (String refused : List.of("create table intruder (id int)", "create schema intruder",
                    "truncate webhook_events", "drop table users", "alter table users add column x int",
                    "create index intruder on users (id)")) {
                SQLException e = assertThrows(SQLException.class,
                        () -> statement.execute(refused), refused);
                assertEquals("42501", e.getSQLState(), refused + ": " + e.getMessage());
            }
        }
    }

    @Test
    void aManagedServicesAdminThatIsNoSuperuserRunsTheScriptToo() {
        // As on RDS or Cloud SQL: an admin with CREATEROLE and CREATEDB, not a superuser.
        String admin = "clerk_sync_admin_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String password = UUID.randomUUID().toString();
        TestEnvironment.database().execute("create role " + admin + " login createrole createdb password '"
                + password + "'");

        LeastPrivilegeDatabase made = LeastPrivilegeDatabase.create(TestEnvironment.database().as(admin, password),
                "public");

        TestDatabase db = made.database().as(TestEnvironment.database().user(), TestEnvironment.database().password());
        assertEquals(made.owner(), db.query("select pg_get_userbyid(datdba)::text as owner from pg_database"
                + " where datname = current_database()").get(0).get("owner"));
        assertEquals(List.of(Map.of("usage", true, "create", false)), db.query("select has_schema_privilege(?,"
                + " 'public', 'USAGE') as usage, has_schema_privilege(?, 'public', 'CREATE') as create",
                made.runtime(), made.runtime()));
        assertEquals(1, db.count("select count(*) from pg_default_acl where defaclrole = ?::regrole"
                + " and defaclobjtype = 'r' and array_to_string(defaclacl, ',') like ?", made.owner(),
                "%" + made.runtime() + "=arwd/%"));
    }

    @Test
    void withoutAMigrationUserTheRuntimeRoleCannotMigrateANewDatabaseAndTheStartSaysWhatToSet() {
        LeastPrivilegeDatabase fresh = LeastPrivilegeDatabase.create(TestEnvironment.database(), "public");
        use(settings(fresh, false));
        try {
            deployQuietly(UNMIGRATED);

            List<String> errors = logs.lines().stream().filter(line -> line.startsWith("SEVERE")).toList();
            assertTrue(errors.stream().anyMatch(line -> line.contains("clerk-sync not started")
                    && line.contains("DATABASE_MIGRATION_USER")), String.join("\n", logs.lines()));
            assertFalse(String.join("\n", logs.lines()).contains(fresh.runtimePassword()));
            assertEquals(404, health(UNMIGRATED).status(), "the context must not be serving");
            assertEquals(0, fresh.database().count("select count(*) from pg_tables where schemaname = 'public'"));
        } finally {
            undeployQuietly(UNMIGRATED);
            use(settings(migrated, true));
        }
    }

    @Test
    void onceMigratedTheRuntimeRoleAloneStartsReadingTheMigrationHistoryOnly() throws MalformedURLException {
        // docs/operations.md: the runtime role needs only to read Flyway's history.
        migrated.database().execute("revoke insert, update, delete on flyway_schema_history from "
                + migrated.runtime());
        use(settings(migrated, false));
        try {
            deployer.deploy(RUNTIME_ONLY);

            String user = syncedUser(new Webhooks(URI.create(contextUrl(RUNTIME_ONLY)).toURL()), "user");
            assertEquals("user", migrated.database().user(user).orElseThrow().get("role"));
        } finally {
            undeployQuietly(RUNTIME_ONLY);
            use(settings(migrated, true));
        }
    }

    @Test
    void aContainerPoolMigratesAsTheMigrationUserOnThePoolsOwnUrl() throws MalformedURLException {
        LeastPrivilegeDatabase fresh = containerPoolDatabase;
        Map<String, String> settings = settings(fresh, true);
        // Only the migration login is a setting: the pool and its URL are Tomcat's.
        settings.put("DATABASE_URL", null);
        settings.put("DATABASE_USER", null);
        settings.put("DATABASE_PASSWORD", null);
        use(settings);
        try {
            deployer.deploy(CONTAINER_POOL);

            String user = syncedUser(new Webhooks(URI.create(contextUrl(CONTAINER_POOL)).toURL()), "user");
            assertEquals("user", fresh.database().user(user).orElseThrow().get("role"));
            assertEquals(0, fresh.database().count("select count(*) from pg_tables where schemaname = 'public'"
                    + " and tableowner <> ?", fresh.owner()));
        } finally {
            undeployQuietly(CONTAINER_POOL);
            use(settings(migrated, true));
        }
    }

    /** pgjdbc's own DataSource bound by Tomcat as jdbc/clerkSync, connecting as the runtime role. */
    private static String containerPoolContext(LeastPrivilegeDatabase roles) {
        URI address = URI.create(roles.database().directUrl().substring("jdbc:".length()));
        return "<Context><Resource name=\"jdbc/clerkSync\" auth=\"Container\""
                + " type=\"org.postgresql.ds.PGSimpleDataSource\" factory=\"org.postgresql.ds.common.PGObjectFactory\""
                + " serverName=\"" + address.getHost() + "\" portNumber=\"" + address.getPort() + "\""
                + " databaseName=\"" + address.getPath().substring(1) + "\" user=\"" + roles.runtime() + "\""
                + " password=\"" + roles.runtimePassword() + "\"/></Context>";
    }

    private static Map<String, String> settings(LeastPrivilegeDatabase roles, boolean withMigrationUser) {
        Map<String, String> settings = new HashMap<>();
        settings.put("DATABASE_URL", roles.database().warUrl());
        settings.put("DATABASE_USER", roles.runtime());
        settings.put("DATABASE_PASSWORD", roles.runtimePassword());
        settings.put("DATABASE_MIGRATION_USER", withMigrationUser ? roles.owner() : null);
        settings.put("DATABASE_MIGRATION_PASSWORD", withMigrationUser ? roles.ownerPassword() : null);
        return settings;
    }

    /** Sets each setting the WAR reads at deploy time, clearing those mapped to null. */
    private static void use(Map<String, String> settings) {
        settings.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    private static String syncedUser(Webhooks webhooks, String role) {
        String id = ClerkEvents.newUserId();
        ClerkEvents.UserEvent user = ClerkEvents.userCreated(id).role(role).updatedAt(1_000);
        TestEnvironment.clerk().put(user.data());
        Answer answer = webhooks.delivery(user.json()).post();
        assertEquals("applied", answer.outcome(), answer.toString());
        return id;
    }

    private Answer send(String path, String userId, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + SessionTokens.forUser(userId).sign());
        return Answer.send(json == null ? request.GET().build()
                : request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static String contextUrl(String name) {
        // No URL is injected for a deployment the test deploys itself: the port is the container's.
        return "http://localhost:" + System.getProperty("test.http.port", "18487") + "/" + name + "/";
    }

    private static Answer health(String name) {
        return Answer.send(HttpRequest.newBuilder(URI.create(contextUrl(name) + "health")).build());
    }

    private void deployQuietly(String name) {
        try {
            deployer.deploy(name);
        } catch (RuntimeException e) {
            // Some adapters report the failed start as a deployment exception; the log tells either way.
        }
    }

    private void undeployQuietly(String name) {
        try {
            deployer.undeploy(name);
        } catch (RuntimeException e) {
            // it never started
        }
    }
}
