package dev.clerksync.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.CatalinaRun;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.support.LeastPrivilegeDatabase;
import dev.clerksync.support.RawHttp;
import dev.clerksync.support.ServerXml;
import dev.clerksync.support.TestDatabase;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The WAR deployed into stock Tomcat distributions exactly as tomcat-config/README.md tells an
 * operator, server-hardening.xml included, in a database made by create-database.sql (the pool as
 * its runtime role, the migrations as its owner): a signed webhook lands in PostgreSQL, the requests Tomcat
 * refuses itself are answered without a stack trace or version, and Tomcat stops without complaint. Plain JUnit:
 * the Tomcat is a child process running {@code bin/catalina.sh run}, as in production.
 */
class TomcatDistributionIT {

    private static final Path WAR = Path.of("target/clerk-sync.war");
    private static final Path CONFIG = Path.of(System.getProperty("tomcat.config.dir", "tomcat-config"));

    static Stream<Path> distributions() {
        String dirs = System.getProperty("tomcat.distributions");
        if (dirs == null) {
            throw new IllegalStateException("tomcat.distributions is not set: run through mvn verify (failsafe)");
        }
        return Arrays.stream(dirs.split(",")).map(String::trim).map(Path::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void contextXmlPathSyncsAWebhookAndStopsCleanly(Path catalinaHome) throws Exception {
        LeastPrivilegeDatabase db = createDatabase();
        try (StockTomcat tomcat = StockTomcat.prepare(catalinaHome, WAR, catalinaHome.getFileName() + "-context")) {
            hardenServerXml(tomcat);
            installContextXml(tomcat, db);
            installJdbcDriver(tomcat);

            assertSyncsAWebhookAndStopsCleanly(tomcat, db.database());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void setenvShPathSyncsAWebhookAndStopsCleanly(Path catalinaHome) throws Exception {
        LeastPrivilegeDatabase db = createDatabase();
        try (StockTomcat tomcat = StockTomcat.prepare(catalinaHome, WAR, catalinaHome.getFileName() + "-setenv")) {
            hardenServerXml(tomcat);
            installSetenvSh(tomcat, db);

            assertSyncsAWebhookAndStopsCleanly(tomcat, db.database());
        }
    }

    /**
     * docs/operations.md's first step: create-database.sql, run with psql, makes the database, its
     * owner (the migrations) and the runtime role (the pool), the user names the templates carry.
     */
    private static LeastPrivilegeDatabase createDatabase() {
        return LeastPrivilegeDatabase.create(TestEnvironment.database(), "public");
    }

    private static void assertSyncsAWebhookAndStopsCleanly(StockTomcat tomcat, TestDatabase db) throws Exception {
        tomcat.start();
        tomcat.awaitHealthy();
        assertTomcatsOwnErrorsAreBare(tomcat);

        String id = ClerkEvents.newUserId();
        Answer answer = new Webhooks(tomcat.contextUrl()).delivery(ClerkEvents.userCreated(id).json()).post();
        assertEquals(200, answer.status(), answer + "\n" + tomcat.output());
        assertEquals("applied", answer.outcome());
        Map<String, Object> row = db.user(id).orElseThrow(() -> new AssertionError("no row for " + id));
        assertEquals(id.toLowerCase(Locale.ROOT) + "@example.com", row.get("email"));

        tomcat.stop();
        List<String> lines = tomcat.logLines();
        assertTrue(lines.stream().anyMatch(line -> line.contains("clerk-sync stopped")),
                "the WAR was not undeployed on shutdown:\n" + String.join("\n", lines));
        List<String> complaints = lines.stream()
                .filter(line -> line.contains("SEVERE") || line.toLowerCase(Locale.ROOT).contains("memory leak")
                        || line.toLowerCase(Locale.ROOT).contains("failed to unregister")
                        // a misspelt attribute in server-hardening.xml: Tomcat only warns and ignores it
                        || line.contains("failed to set property"))
                .collect(Collectors.toList());
        assertEquals(List.of(), complaints, tomcat.version() + " logged problems");
    }

    /**
     * Requests Tomcat answers itself, before any web application sees them: a request head over
     * maxHttpHeaderSize, an encoded NUL in the path, CONNECT. With server-hardening.xml applied, the
     * answers carry neither a stack trace nor the Tomcat version.
     */
    private static void assertTomcatsOwnErrorsAreBare(StockTomcat tomcat) throws IOException {
        RawHttp http = new RawHttp("localhost", tomcat.contextUrl().getPort());
        String path = tomcat.contextUrl().getPath();
        Map<String, RawHttp.Answer> answers = new LinkedHashMap<>();
        answers.put("header over 8 KB", http.send("GET", path + "health", "X-Padding: " + "a".repeat(9_000) + "\r\n"));
        answers.put("%00 in the path", http.send("GET", path + "health%00", ""));
        answers.put("%00 in the context path", http.send("GET", "/clerk%00sync/health", ""));
        answers.put("CONNECT", http.send("CONNECT", "localhost:" + tomcat.contextUrl().getPort(), ""));
        answers.put("CONNECT to the context", http.send("CONNECT", path + "health", ""));
        for (Map.Entry<String, RawHttp.Answer> entry : answers.entrySet()) {
            RawHttp.Answer answer = entry.getValue();
            String what = tomcat.version() + ", " + entry.getKey() + ":\n" + answer.all();
            assertTrue(answer.status() >= 400 && answer.status() < 600, what);
            String text = answer.all().toLowerCase(Locale.ROOT);
            for (String leak : List.of("tomcat", "exception", "\tat ", "org.apache", "java.", "catalina")) {
                assertFalse(text.contains(leak), "'" + leak + "' in the answer to a " + what);
            }
        }
    }

    /** The hardening step: server-hardening.xml merged into conf/server.xml. */
    private static void hardenServerXml(StockTomcat tomcat) throws IOException {
        ServerXml.applyHardening(CONFIG.resolve("server-hardening.xml"), tomcat.base().resolve("conf/server.xml"));
    }

    /** README step 2: context.xml as conf/Catalina/localhost/clerk-sync.xml, placeholders replaced. */
    private static void installContextXml(StockTomcat tomcat, LeastPrivilegeDatabase db) throws IOException {
        tomcat.catalina().installContextXml(CONFIG.resolve("context.xml"), db.database().directUrl(), db.runtime(),
                db.runtimePassword(), TestEnvironment.SIGNING_SECRET, db.owner(), db.ownerPassword());
    }

    /** README step 1: the driver from Maven in CATALINA_BASE/lib, where Tomcat's pool can load it. */
    private static void installJdbcDriver(StockTomcat tomcat) throws IOException {
        Path driver = Path.of(System.getProperty("jdbc.driver.jar", "missing: run through mvn verify"));
        if (!Files.isRegularFile(driver)) {
            throw new IllegalStateException("No JDBC driver at " + driver + ": the build copies it before the ITs");
        }
        tomcat.catalina().installJdbcDriver(driver);
    }

    /** The other path: setenv.sh.example as bin/setenv.sh with its values filled in, no context.xml. */
    private static void installSetenvSh(StockTomcat tomcat, LeastPrivilegeDatabase db) throws IOException {
        Path template = CONFIG.resolve("setenv.sh.example");
        String setenv = CatalinaRun.replaceEach(Files.readString(template, StandardCharsets.UTF_8), template, Map.of(
                "'whsec_REPLACE_WITH_THE_ENDPOINT_SIGNING_SECRET'", shell(TestEnvironment.SIGNING_SECRET),
                "'jdbc:postgresql://db.example.com:5432/clerk_sync'", shell(db.database().directUrl()),
                "DATABASE_USER='clerk_sync_app'", "DATABASE_USER=" + shell(db.runtime()),
                "'change-me'", shell(db.runtimePassword()),
                "DATABASE_MIGRATION_USER='clerk_sync_owner'", "DATABASE_MIGRATION_USER=" + shell(db.owner()),
                "'change-me-too'", shell(db.ownerPassword())));
        Path bin = Files.createDirectories(tomcat.base().resolve("bin"));
        Files.writeString(bin.resolve("setenv.sh"), setenv, StandardCharsets.UTF_8);
    }

    private static String shell(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
