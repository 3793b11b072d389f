package dev.clerksync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clerksync.config.Settings;
import dev.clerksync.organizations.OrganizationRepository;
import dev.clerksync.persistence.Database;
import dev.clerksync.persistence.SessionFactories;
import dev.clerksync.persistence.TransactionStart;
import dev.clerksync.persistence.Transactions;
import dev.clerksync.support.TestDatabase;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.users.UserRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The purge against a real PostgreSQL, with the clock set far ahead of this test's rows: processed
 * records go after the retention, failed records and tombstones only after the guard period.
 */
class EventRetentionIT {

    private static final Instant NOW = Instant.parse("2040-01-31T00:00:00Z");

    private static Database database;
    private static SessionFactory sessionFactory;

    private final String run = UUID.randomUUID().toString().replace("-", "");

    @BeforeAll
    static void connect() {
        TestDatabase db = TestEnvironment.database();
        database = Database.pooled(new Settings.DatabaseUrl(db.directUrl(), db.user(), db.password()), 2, 10_000,
                new SimpleMeterRegistry());
        database.migrate("public");
        sessionFactory = SessionFactories.build(database.dataSource(), "public");
    }

    @AfterAll
    static void disconnect() {
        sessionFactory.close();
        database.close();
    }

    // Its rows are received in 2040: left behind, they would head every newest-first listing.
    @AfterEach
    void removeThisTestsRows() {
        TestEnvironment.database().execute("delete from webhook_events where svix_id like ?", run + "%");
        TestEnvironment.database().execute("delete from user_tombstones where user_id like ?", run + "%");
        TestEnvironment.database().execute("delete from organization_tombstones where organization_id like ?",
                "org_" + run + "%");
        TestEnvironment.database().execute("delete from membership_tombstones where membership_id like ?",
                "orgmem_" + run + "%");
    }

    @Test
    void processedRecordsGoAfterTheRetentionAndFailedOnesAfterTheGuardPeriod() {
        record("applied-40d", "applied", 40);
        record("applied-20d", "applied", 20);
        record("failed-20d", "failed", 20);
        record("failed-5d", "failed", 5);

        purge(Duration.ofDays(3));

        assertEquals(List.of("failed-5d"), remainingRecords());
    }

    @Test
    void tombstonesStayWhileAFailedRecordOfTheirUserCouldBeReplayed() {
        tombstone("guarded", 30);
        record("failed-guard", "failed", 6, run + "guarded");
        tombstone("free", 30);
        tombstone("young", 2);

        purge(Duration.ofDays(3));

        assertEquals(List.of("guarded", "young"), remainingTombstones());
    }

    @Test
    void organizationAndMembershipTombstonesGoAfterTheGuardPeriodUnlessAFailedRecordNamesThem() {
        insertTombstone("organization_tombstones", "organization_id", "org_" + run + "old", 30);
        insertTombstone("organization_tombstones", "organization_id", "org_" + run + "guarded", 30);
        record("failed-org", "failed", 6, "org_" + run + "guarded");
        insertTombstone("organization_tombstones", "organization_id", "org_" + run + "young", 2);
        insertTombstone("membership_tombstones", "membership_id", "orgmem_" + run + "old", 30);
        insertTombstone("membership_tombstones", "membership_id", "orgmem_" + run + "young", 2);

        purge(Duration.ofDays(3));

        assertEquals(List.of("org_" + run + "guarded", "org_" + run + "young"), TestEnvironment.database().query(
                "select organization_id from organization_tombstones where organization_id like ? order by 1",
                "org_" + run + "%").stream().map(row -> row.get("organization_id").toString()).toList());
        assertEquals(List.of("orgmem_" + run + "young"), TestEnvironment.database().query(
                "select membership_id from membership_tombstones where membership_id like ? order by 1",
                "orgmem_" + run + "%").stream().map(row -> row.get("membership_id").toString()).toList());
    }

    private void purge(Duration retention) {
        Transactions transactions = new Transactions(sessionFactory, new TransactionStart("public", 2_000, 10_000));
        UserRepository users = new UserRepository(transactions);
        OrganizationRepository organizations = new OrganizationRepository(transactions);
        new EventRetention(new WebhookEventRepository(transactions), List.of(users::purgeTombstones,
                organizations::purgeOrganizationTombstones, organizations::purgeMembershipTombstones), retention,
                Clock.fixed(NOW, ZoneOffset.UTC)).purge();
    }

    private void record(String name, String outcome, int daysOld) {
        record(name, outcome, daysOld, null);
    }

    private void record(String name, String outcome, int daysOld, String userId) {
        TestEnvironment.database().execute("""
                insert into webhook_events (svix_id, event_type, user_id, outcome, received_at, processed_at)
                values (?, 'user.updated', ?, ?, ?::timestamptz, now())""",
                run + name, userId, outcome, NOW.minus(Duration.ofDays(daysOld)).toString());
    }

    private void tombstone(String name, int daysOld) {
        insertTombstone("user_tombstones", "user_id", run + name, daysOld);
    }

    private void insertTombstone(String table, String idColumn, String id, int daysOld) {
        TestEnvironment.database().execute("insert into " + table + " (" + idColumn
                + ", deleted_at, recorded_at) values (?, now(), ?::timestamptz)",
                id, NOW.minus(Duration.ofDays(daysOld)).toString());
    }

    private List<String> remainingRecords() {
        return TestEnvironment.database().query("select svix_id from webhook_events where svix_id like ? order by 1",
                run + "%").stream().map(row -> row.get("svix_id").toString().substring(run.length())).toList();
    }

    private List<String> remainingTombstones() {
        return TestEnvironment.database().query("select user_id from user_tombstones where user_id like ? order by 1",
                run + "%").stream().map(row -> row.get("user_id").toString().substring(run.length())).toList();
    }
}
