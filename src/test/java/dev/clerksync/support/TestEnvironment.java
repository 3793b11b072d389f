package dev.clerksync.support;

import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.fixtures.SigningSecrets;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * What every integration test shares: one PostgreSQL per JVM and the settings the WAR reads at
 * deploy time. The embedded Tomcat runs in this JVM, so system properties reach the WAR.
 */
public final class TestEnvironment {

    /** The endpoint's current signing secret. */
    public static final String SIGNING_SECRET = SigningSecrets.newSecret();
    /** A second secret configured as during a rotation: deliveries signed with it pass too. */
    public static final String PREVIOUS_SIGNING_SECRET = SigningSecrets.newSecret();

    /** Batches of deliveries the WAR writes side by side; tests that form a batch must hold them all. */
    public static final int WEBHOOK_WRITERS = 2;

    /** The bearer token the deployed WARs require on {@code /metrics}. */
    public static final String METRICS_TOKEN = "metrics-" + java.util.UUID.randomUUID();

    /**
     * Rate limits far above what any test sends, so that no test is refused for its own speed; the
     * rate-limit test lowers them for its own deployment and puts these back.
     */
    public static final String API_RATE_PER_MINUTE = "100000";
    public static final String CLERK_CALLS_PER_SECOND = "1000";

    /**
     * {@code -Dclerk-sync.test.leastPrivilege=true}: the shared deployment works as the runtime role
     * of tomcat-config/create-database.sql, in the database that script makes, and migrates as its
     * owner, as an operator following docs/operations.md deploys it. The build reruns the webhook
     * and admin tests so (pom.xml, execution least-privilege).
     */
    public static final String LEAST_PRIVILEGE = "clerk-sync.test.leastPrivilege";

    private static TestDatabase database;
    private static PgBouncer pgBouncer;
    private static ClerkBackendStandIn clerk;

    private TestEnvironment() {
    }

    /** Starts the database once and points the WAR's settings at it. Call from {@code @Deployment}. */
    public static WebArchive war() {
        return war("clerk-sync.war");
    }

    /** The packaged WAR under another name: a second node with its own context path and pool. */
    public static synchronized WebArchive war(String name) {
        database();
        if (clerk == null) {
            clerk = new ClerkBackendStandIn();
            clerk.jwks(SessionTokens.jwks());
        }
        System.setProperty("CLERK_WEBHOOK_SIGNING_SECRET", SIGNING_SECRET + "," + PREVIOUS_SIGNING_SECRET);
        System.setProperty("CLERK_SECRET_KEY", ClerkBackendStandIn.SECRET_KEY);
        System.setProperty("CLERK_API_URL", clerk.baseUrl().toString());
        System.setProperty("CLERK_API_TIMEOUT_SECONDS", "2");
        System.setProperty("CLERK_SYNC_WEBHOOK_WRITERS", Integer.toString(WEBHOOK_WRITERS));
        System.setProperty("CLERK_SYNC_METRICS_TOKEN", METRICS_TOKEN);
        System.setProperty("CLERK_SYNC_API_RATE_PER_MINUTE", API_RATE_PER_MINUTE);
        System.setProperty("CLERK_SYNC_CLERK_CALLS_PER_SECOND", CLERK_CALLS_PER_SECOND);
        System.setProperty("CLERK_JWT_KEY", SessionTokens.publicPem());
        System.clearProperty("CLERK_JWKS_URL");
        System.setProperty("CLERK_ISSUER", SessionTokens.ISSUER);
        System.setProperty("CLERK_AUTHORIZED_PARTIES", SessionTokens.AUTHORIZED_PARTY + ",https://admin.test.example");
        return packagedWar(name);
    }

    /** The WAR checking session tokens against the stand-in's JWKS instead of a PEM key. */
    public static synchronized WebArchive warWithJwks(String name) {
        WebArchive war = war(name);
        System.clearProperty("CLERK_JWT_KEY");
        System.setProperty("CLERK_JWKS_URL", clerk.baseUrl() + "/v1/jwks");
        return war;
    }

    public static ClerkBackendStandIn clerk() {
        return clerk;
    }

    public static WebArchive packagedWar(String name) {
        return ShrinkWrap.create(ZipImporter.class, name)
                .importFrom(new File("target/clerk-sync.war"))
                .as(WebArchive.class);
    }

    /**
     * True when this run puts the WAR behind a real PgBouncer in transaction mode
     * ({@code -Dclerk-sync.test.pgbouncer=true}, the failsafe execution {@code behind-pgbouncer}).
     */
    public static boolean behindPgBouncer() {
        return Boolean.getBoolean("clerk-sync.test.pgbouncer");
    }

    /** The PgBouncer the WAR reaches the database through, started with the database; stopped when the JVM ends. */
    public static synchronized PgBouncer pgBouncer() {
        database();
        if (pgBouncer == null) {
            throw new IllegalStateException("this run does not put the WAR behind PgBouncer");
        }
        return pgBouncer;
    }

    /** The test PostgreSQL, started on first use; also for tests that run the WAR outside this JVM. */
    public static synchronized TestDatabase database() {
        if (database == null) {
            TestDatabase server = TestDatabase.open();
            if (Boolean.getBoolean(LEAST_PRIVILEGE)) {
                LeastPrivilegeDatabase roles = LeastPrivilegeDatabase.create(server, "public");
                database = roles.database();
                System.setProperty("DATABASE_USER", roles.runtime());
                System.setProperty("DATABASE_PASSWORD", roles.runtimePassword());
                System.setProperty("DATABASE_MIGRATION_USER", roles.owner());
                System.setProperty("DATABASE_MIGRATION_PASSWORD", roles.ownerPassword());
            } else {
                database = server;
                setOrClear("DATABASE_USER", database.user());
                setOrClear("DATABASE_PASSWORD", database.password());
                System.clearProperty("DATABASE_MIGRATION_USER");
                System.clearProperty("DATABASE_MIGRATION_PASSWORD");
            }
            if (behindPgBouncer()) {
                pgBouncer = database.startPgBouncer();
                Runtime.getRuntime().addShutdownHook(new Thread(pgBouncer::close, "pgbouncer-stop"));
                // Flyway sets its session's search path and role: it migrates on the server itself,
                // as docs/operations.md tells an operator behind a pooler to do.
                System.setProperty("DATABASE_MIGRATION_URL", database.warUrl());
                System.setProperty("DATABASE_URL", database.warUrlBehind(pgBouncer));
            } else {
                System.clearProperty("DATABASE_MIGRATION_URL");
                System.setProperty("DATABASE_URL", database.warUrl());
            }
        }
        return database;
    }


    private static void setOrClear(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
