package dev.clerksync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String OTHER_SECRET = "whsec_plJ3nmyCDGBKInavdOK15jsl";

    private final Map<String, String> values = new HashMap<>(Map.of(
            "CLERK_WEBHOOK_SIGNING_SECRET", SECRET,
            "DATABASE_URL", "jdbc:postgresql://db:5432/clerk?password=hunter2",
            "DATABASE_USER", "clerk",
            "DATABASE_PASSWORD", "hunter2"));

    private Settings load() {
        return Settings.load(SettingSource.of(values::get), false);
    }

    @Test
    void validSettingsLoadWithDefaults() {
        Settings settings = load();

        assertEquals(List.of(SECRET), settings.webhookSecrets());
        assertEquals("jdbc:postgresql://db:5432/clerk?password=hunter2", settings.databaseUrl().orElseThrow().url());
        assertEquals(java.util.Set.of("admin", "user"), settings.roles());
        assertEquals("user", settings.defaultRole());
        assertEquals("admin", settings.adminRole());
        assertEquals(10, settings.poolSize());
        assertEquals(30, settings.eventRetention().toDays());
        assertEquals(120, settings.apiRatePerMinute());
        assertEquals(5, settings.clerkCallsPerSecond());
    }

    @Test
    void transactionsWaitTwoSecondsForALockAndTenForAStatementByDefault() {
        assertEquals(2_000, load().lockTimeoutMillis());
        assertEquals(10_000, load().statementTimeoutMillis());
    }

    @Test
    void timeoutsCanBeSet() {
        values.put("CLERK_SYNC_DB_LOCK_TIMEOUT_MS", "500");
        values.put("CLERK_SYNC_DB_STATEMENT_TIMEOUT_MS", "30000");

        assertEquals(500, load().lockTimeoutMillis());
        assertEquals(30_000, load().statementTimeoutMillis());
    }

    @Test
    void rateLimitsCanBeRaised() {
        values.put("CLERK_SYNC_API_RATE_PER_MINUTE", "600");
        values.put("CLERK_SYNC_CLERK_CALLS_PER_SECOND", "50");

        assertEquals(600, load().apiRatePerMinute());
        assertEquals(50, load().clerkCallsPerSecond());
    }

    @Test
    void missingSigningSecretNamesTheSetting() {
        values.remove("CLERK_WEBHOOK_SIGNING_SECRET");

        InvalidSettingException e = assertThrows(InvalidSettingException.class, this::load);

        assertEquals("CLERK_WEBHOOK_SIGNING_SECRET", e.setting());
        assertTrue(e.getMessage().contains("CLERK_WEBHOOK_SIGNING_SECRET"));
    }

    @Test
    void theAliasClerkWebhookSecretIsAccepted() {
        values.remove("CLERK_WEBHOOK_SIGNING_SECRET");
        values.put("CLERK_WEBHOOK_SECRET", SECRET);

        assertEquals(List.of(SECRET), load().webhookSecrets());
    }

    @Test
    void aCommaListOfSecretsIsAcceptedForRotation() {
        values.put("CLERK_WEBHOOK_SIGNING_SECRET", SECRET + " , " + OTHER_SECRET);

        assertEquals(List.of(SECRET, OTHER_SECRET), load().webhookSecrets());
    }

    @ParameterizedTest
    @CsvSource({
        "CLERK_WEBHOOK_SIGNING_SECRET, whsec_not*base64!",
        "CLERK_WEBHOOK_SIGNING_SECRET, ',,'",
        "DATABASE_URL, postgres://db:5432/clerk",
        "DATABASE_POOL_SIZE, many",
        "DATABASE_POOL_SIZE, 0",
        "CLERK_SYNC_ROLES, 'admin, bad role'",
        "CLERK_SYNC_DEFAULT_ROLE, owner",
        "CLERK_SYNC_ADMIN_ROLE, root",
        "CLERK_SYNC_ORG_ROLES, 'org:admin, org member'",
        "CLERK_SYNC_ORG_ADMIN_ROLE, org:owner",
        "CLERK_SYNC_EVENT_RETENTION_DAYS, 1",
        "CLERK_SYNC_API_RATE_PER_MINUTE, 0",
        "CLERK_SYNC_API_RATE_PER_MINUTE, unlimited",
        "CLERK_SYNC_CLERK_CALLS_PER_SECOND, -1",
        "CLERK_SYNC_CLERK_CALLS_PER_SECOND, 1001",
        "CLERK_SYNC_DB_LOCK_TIMEOUT_MS, 0",
        "CLERK_SYNC_DB_LOCK_TIMEOUT_MS, 2s",
        "CLERK_SYNC_DB_STATEMENT_TIMEOUT_MS, 600001"
    })
    void malformedSettingFailsNamingItWithoutItsValue(String name, String value) {
        values.put(name, value);

        InvalidSettingException e = assertThrows(InvalidSettingException.class, this::load);

        assertEquals(name, e.setting());
        if (name.contains("SECRET")) {
            assertFalse(e.getMessage().contains(value.trim()), e.getMessage());
        }
    }

    @Test
    void missingDatabaseUrlNamesTheSetting() {
        values.remove("DATABASE_URL");

        assertEquals("DATABASE_URL", assertThrows(InvalidSettingException.class, this::load).setting());
    }

    @Test
    void containerDataSourceMakesTheDatabaseUrlUnnecessary() {
        values.remove("DATABASE_URL");

        assertTrue(Settings.load(SettingSource.of(values::get), true).databaseUrl().isEmpty());
    }

    @Test
    void aMigrationUrlIsReadAndShownWithoutItsQuery() {
        values.put("DATABASE_MIGRATION_URL", "jdbc:postgresql://db-direct:5432/clerk?password=hunter2");

        Settings settings = load();

        assertEquals("jdbc:postgresql://db-direct:5432/clerk?password=hunter2", settings.migrationUrl().orElseThrow());
        assertFalse(settings.toString().contains("hunter2"), settings.toString());
    }

    @Test
    void aMigrationUrlThatIsNoJdbcUrlIsRefused() {
        values.put("DATABASE_MIGRATION_URL", "postgres://db-direct:5432/clerk");

        assertEquals("DATABASE_MIGRATION_URL", assertThrows(InvalidSettingException.class, this::load).setting());
    }

    @Test
    void aMigrationUrlBesideTomcatsPoolNeedsAMigrationUser() {
        values.put("DATABASE_MIGRATION_URL", "jdbc:postgresql://db-direct:5432/clerk");

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Settings.load(SettingSource.of(values::get), true));

        assertEquals("DATABASE_MIGRATION_USER", e.setting());
    }

    @Test
    void withoutAMigrationUserThePoolsRoleMigrates() {
        assertTrue(load().migrationLogin().isEmpty());
    }

    @Test
    void aMigrationUserAndPasswordAreReadBesideThePoolsCredentials() {
        values.put("DATABASE_MIGRATION_USER", "clerk_sync_owner");
        values.put("DATABASE_MIGRATION_PASSWORD", "owner-secret");

        Settings settings = load();

        assertEquals(new Settings.MigrationLogin("clerk_sync_owner", "owner-secret"),
                settings.migrationLogin().orElseThrow());
        assertEquals("clerk", settings.databaseUrl().orElseThrow().user());
    }

    @Test
    void aMigrationUserWithoutPasswordIsAccepted() {
        values.put("DATABASE_MIGRATION_USER", "clerk_sync_owner");

        assertEquals(new Settings.MigrationLogin("clerk_sync_owner", null), load().migrationLogin().orElseThrow());
    }

    @Test
    void aMigrationUserAlsoServesAContainerDataSource() {
        values.remove("DATABASE_URL");
        values.put("DATABASE_MIGRATION_USER", "clerk_sync_owner");

        assertEquals("clerk_sync_owner",
                Settings.load(SettingSource.of(values::get), true).migrationLogin().orElseThrow().user());
    }

    @Test
    void aMigrationPasswordWithoutItsUserFailsNamingTheUserWithoutThePassword() {
        values.put("DATABASE_MIGRATION_PASSWORD", "owner-secret");

        InvalidSettingException e = assertThrows(InvalidSettingException.class, this::load);

        assertEquals("DATABASE_MIGRATION_USER", e.setting());
        assertFalse(e.getMessage().contains("owner-secret"), e.getMessage());
    }

    @Test
    void descriptionNamesTheMigrationUserAndMasksItsPassword() {
        values.put("DATABASE_MIGRATION_USER", "clerk_sync_owner");
        values.put("DATABASE_MIGRATION_PASSWORD", "owner-secret");

        String description = load().toString();

        assertTrue(description.contains("DATABASE_MIGRATION_USER=clerk_sync_owner"), description);
        assertFalse(description.contains("owner-secret"), description);
    }

    @Test
    void blankValueCountsAsAbsentAndTheNextSourceDecides() {
        SettingSource jndi = SettingSource.of(Map.of("CLERK_SYNC_DEFAULT_ROLE", "  ")::get);
        SettingSource environment = SettingSource.of(Map.of("CLERK_SYNC_DEFAULT_ROLE", "admin")::get);

        assertEquals("admin", SettingSource.firstOf(jndi, environment).get("CLERK_SYNC_DEFAULT_ROLE").orElseThrow());
    }

    @Test
    void firstSourceWins() {
        SettingSource jndi = SettingSource.of(Map.of("CLERK_SYNC_DEFAULT_ROLE", "user")::get);
        SettingSource environment = SettingSource.of(Map.of("CLERK_SYNC_DEFAULT_ROLE", "admin")::get);

        assertEquals("user", SettingSource.firstOf(jndi, environment).get("CLERK_SYNC_DEFAULT_ROLE").orElseThrow());
    }

    @Test
    void descriptionMasksSecretsAndPasswords() {
        String description = load().toString();

        assertFalse(description.contains("MfKQ9r8G"), description);
        assertFalse(description.contains("hunter2"), description);
        assertTrue(description.contains("jdbc:postgresql://db:5432/clerk"), description);
    }

    @Test
    void descriptionListsTheRolesInTheConfiguredOrder() {
        values.put("CLERK_SYNC_ROLES", "viewer,admin,user,editor,auditor,support,billing,ops");

        String description = load().toString();

        assertTrue(description.contains("CLERK_SYNC_ROLES=viewer,admin,user,editor,auditor,support,billing,ops,"),
                description);
        assertEquals(List.of("viewer", "admin", "user", "editor", "auditor", "support", "billing", "ops"),
                List.copyOf(load().roles()));
    }

    @Test
    void organizationRolesDefaultToClerksAdminAndMember() {
        Settings settings = load();

        assertEquals(List.of("org:admin", "org:member"), List.copyOf(settings.organizationRoles()));
        assertEquals("org:admin", settings.organizationAdminRole());
    }

    @Test
    void organizationAdminRoleMayBeACustomRoleKey() {
        values.put("CLERK_SYNC_ORG_ROLES", "org:owner,org:admin,org:member");
        values.put("CLERK_SYNC_ORG_ADMIN_ROLE", "org:owner");

        assertEquals("org:owner", load().organizationAdminRole());
    }
}
