package dev.clerksync.persistence;

import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clerksync.support.TestDatabase;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks;
import java.net.URL;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code CLERK_SYNC_DB_SCHEMA=sync}: the WAR deploys into a database whose {@code public.users}
 * belongs to the application, keeps its tables and migration history in {@code sync}, and never
 * touches the application's table.
 */
@ExtendWith(ArquillianExtension.class)
class SeparateSchemaIT {

    private static final String DATABASE = "app_" + UUID.randomUUID().toString().replace("-", "");
    private static String sharedDatabaseUrl;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws SQLException {
        WebArchive war = TestEnvironment.war("clerk-sync-schema.war");
        TestEnvironment.database().execute("create database " + DATABASE);
        try (Connection app = connect(); Statement create = app.createStatement()) {
            create.execute("create table public.users (id integer primary key, name text not null)");
            create.execute("insert into public.users values (1, 'the application''s own user')");
        }
        sharedDatabaseUrl = System.getProperty("DATABASE_URL");
        System.setProperty("DATABASE_URL", appUrl());
        System.setProperty("CLERK_SYNC_DB_SCHEMA", "sync");
        return war;
    }

    @AfterAll
    static void restoreTheSharedDatabase() {
        System.setProperty("DATABASE_URL", sharedDatabaseUrl);
        System.clearProperty("CLERK_SYNC_DB_SCHEMA");
    }

    @Test
    void webhookLandsInTheSyncSchemaAndTheApplicationsUsersTableIsUntouched() throws SQLException, IOException {
        String user = newUserId();

        Webhooks.Answer answer = new Webhooks(base).delivery(userCreated(user).updatedAt(1_000).json()).post();

        assertEquals("applied", answer.outcome(), answer.toString());
        assertEquals(1, count("select count(*) from sync.users where id = '" + user + "'"));
        assertEquals(1, count("select count(*) from sync.webhook_events"));
        assertEquals(1, count("select count(*) from public.users where id = 1 and name = 'the application''s own user'"));
        assertEquals(2, count("select count(*) from information_schema.columns where table_schema = 'public'"
                + " and table_name = 'users'"));
        assertEquals(0, count("select count(*) from information_schema.tables where table_schema = 'public'"
                + " and table_name in ('user_tombstones', 'webhook_events', 'flyway_schema_history')"));
        assertEquals(migrations(), count("select count(*) from sync.flyway_schema_history where success"
                + " and script like 'V%'"));
        assertEquals(4, count("select count(*) from information_schema.tables where table_schema = 'sync'"
                + " and table_name in ('organizations', 'organization_memberships', 'organization_tombstones',"
                + " 'membership_tombstones')"));
    }

    /** Every versioned migration the WAR carries, all of which must have run in the sync schema. */
    private static long migrations() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection app = connect(); Statement query = app.createStatement(); ResultSet result = query.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Connection connect() throws SQLException {
        TestDatabase db = TestEnvironment.database();
        return DriverManager.getConnection(appUrl(), db.user(), db.password());
    }

    private static String appUrl() {
        String shared = TestEnvironment.database().directUrl();
        int path = shared.indexOf('/', "jdbc:postgresql://".length());
        int query = shared.indexOf('?', path);
        return shared.substring(0, path + 1) + DATABASE + (query < 0 ? "" : shared.substring(query));
    }
}
