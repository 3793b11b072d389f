package dev.clerksync.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting clerk-sync reads, loaded once at deploy time and validated there: a missing or
 * malformed required setting stops the deployment with an {@link InvalidSettingException} that
 * names it. Secrets are kept out of {@link #toString()}.
 */
public final class Settings {

    public static final String WEBHOOK_SECRET = "CLERK_WEBHOOK_SIGNING_SECRET";
    public static final String WEBHOOK_SECRET_ALIAS = "CLERK_WEBHOOK_SECRET";
    public static final String DATABASE_URL = "DATABASE_URL";
    public static final String DATABASE_USER = "DATABASE_USER";
    public static final String DATABASE_PASSWORD = "DATABASE_PASSWORD";
    public static final String DATABASE_POOL_SIZE = "DATABASE_POOL_SIZE";
    public static final String DATABASE_MIGRATION_URL = "DATABASE_MIGRATION_URL";
    public static final String DATABASE_MIGRATION_USER = "DATABASE_MIGRATION_USER";
    public static final String DATABASE_MIGRATION_PASSWORD = "DATABASE_MIGRATION_PASSWORD";
    public static final String WEBHOOK_WRITERS = "CLERK_SYNC_WEBHOOK_WRITERS";
    public static final String METRICS_TOKEN = "CLERK_SYNC_METRICS_TOKEN";
    public static final String DB_SCHEMA = "CLERK_SYNC_DB_SCHEMA";
    public static final String DB_LOCK_TIMEOUT_MS = "CLERK_SYNC_DB_LOCK_TIMEOUT_MS";
    public static final String DB_STATEMENT_TIMEOUT_MS = "CLERK_SYNC_DB_STATEMENT_TIMEOUT_MS";
    public static final String ROLES = "CLERK_SYNC_ROLES";
    public static final String DEFAULT_ROLE = "CLERK_SYNC_DEFAULT_ROLE";
    public static final String ADMIN_ROLE = "CLERK_SYNC_ADMIN_ROLE";
    public static final String ORG_ROLES = "CLERK_SYNC_ORG_ROLES";
    public static final String ORG_ADMIN_ROLE = "CLERK_SYNC_ORG_ADMIN_ROLE";
    public static final String EVENT_RETENTION_DAYS = "CLERK_SYNC_EVENT_RETENTION_DAYS";
    public static final String API_RATE_PER_MINUTE = "CLERK_SYNC_API_RATE_PER_MINUTE";
    public static final String CLERK_CALLS_PER_SECOND = "CLERK_SYNC_CLERK_CALLS_PER_SECOND";
    public static final String SECRET_KEY = "CLERK_SECRET_KEY";
    public static final String API_URL = "CLERK_API_URL";
    public static final String API_TIMEOUT_SECONDS = "CLERK_API_TIMEOUT_SECONDS";
    public static final String JWT_KEY = "CLERK_JWT_KEY";
    public static final String JWKS_URL = "CLERK_JWKS_URL";
    public static final String ISSUER = "CLERK_ISSUER";
    public static final String AUTHORIZED_PARTIES = "CLERK_AUTHORIZED_PARTIES";

    private static final int DEFAULT_POOL_SIZE = 10;
    private static final int MAX_POOL_SIZE = 200;
    // Transactions of delivery batches in flight at once; each holds a pooled connection meanwhile.
    private static final int DEFAULT_WEBHOOK_WRITERS = 2;
    private static final int MAX_WEBHOOK_WRITERS = 32;
    // Svix gives up on an answer after 15 s: a delivery stuck behind another transaction's lock
    // answers 503 after this wait, with time to spare for the queue and the pool's 5 s.
    private static final int DEFAULT_LOCK_TIMEOUT_MS = 2_000;
    // A backstop for a statement that runs away; the webhook's statements take milliseconds.
    private static final int DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;
    private static final int MAX_TIMEOUT_MS = 600_000;
    private static final int DEFAULT_RETENTION_DAYS = 30;
    // Svix retries a delivery for about 28 hours; forgetting a svix-id sooner would let a retry apply twice.
    private static final int MIN_RETENTION_DAYS = 2;
    // A page load or two a second per signed-in user, with room for an admin script's bursts.
    private static final int DEFAULT_API_RATE_PER_MINUTE = 120;
    private static final int MAX_API_RATE_PER_MINUTE = 100_000;
    // Clerk allows a development instance 100 Backend API calls per 10 s (production: 1000), shared
    // with set-role and reconcile: /api/me's lookups of not-yet-synced users take half at most.
    private static final int DEFAULT_CLERK_CALLS_PER_SECOND = 5;
    private static final int MAX_CLERK_CALLS_PER_SECOND = 1_000;

    private final List<String> webhookSecrets;
    private final Optional<DatabaseUrl> databaseUrl;
    private final Optional<String> migrationUrl;
    private final Optional<MigrationLogin> migrationLogin;
    private final int poolSize;
    private final int webhookWriters;
    private final Optional<String> metricsToken;
    private final String schema;
    private final int lockTimeoutMillis;
    private final int statementTimeoutMillis;
    private final Set<String> roles;
    private final String defaultRole;
    private final String adminRole;
    private final Set<String> organizationRoles;
    private final String organizationAdminRole;
    private final Duration eventRetention;
    private final int apiRatePerMinute;
    private final int clerkCallsPerSecond;
    private final Optional<ClerkApi> clerkApi;
    private final Optional<SessionTokens> sessionTokens;

    private Settings(SettingSource source, boolean containerDataSource) {
        this.webhookSecrets = SettingReaders.webhookSecrets(source);
        this.databaseUrl = containerDataSource ? Optional.empty() : Optional.of(SettingReaders.databaseUrl(source));
        this.migrationUrl = SettingReaders.migrationUrl(source);
        this.migrationLogin = SettingReaders.migrationLogin(source);
        if (containerDataSource && migrationUrl.isPresent() && migrationLogin.isEmpty()) {
            throw new InvalidSettingException(DATABASE_MIGRATION_USER, "is missing: with Tomcat's jdbc/clerkSync, "
                    + DATABASE_MIGRATION_URL + " needs a login of its own");
        }
        this.poolSize = SettingReaders.intSetting(source, DATABASE_POOL_SIZE, DEFAULT_POOL_SIZE, 1, MAX_POOL_SIZE);
        this.webhookWriters = SettingReaders.intSetting(source, WEBHOOK_WRITERS, DEFAULT_WEBHOOK_WRITERS, 1,
                MAX_WEBHOOK_WRITERS);
        this.metricsToken = source.get(METRICS_TOKEN);
        this.schema = SettingReaders.schema(source);
        this.lockTimeoutMillis = SettingReaders.intSetting(source, DB_LOCK_TIMEOUT_MS, DEFAULT_LOCK_TIMEOUT_MS, 1,
                MAX_TIMEOUT_MS);
        this.statementTimeoutMillis = SettingReaders.intSetting(source, DB_STATEMENT_TIMEOUT_MS,
                DEFAULT_STATEMENT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
        this.roles = SettingReaders.roles(source, ROLES, "admin,user");
        this.defaultRole = oneOf(roles, ROLES, source, DEFAULT_ROLE, "user");
        this.adminRole = oneOf(roles, ROLES, source, ADMIN_ROLE, "admin");
        this.organizationRoles = SettingReaders.roles(source, ORG_ROLES, "org:admin,org:member");
        this.organizationAdminRole = oneOf(organizationRoles, ORG_ROLES, source, ORG_ADMIN_ROLE, "org:admin");
        this.eventRetention = Duration.ofDays(
                SettingReaders.intSetting(source, EVENT_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS,
                        36_500));
        this.apiRatePerMinute = SettingReaders.intSetting(source, API_RATE_PER_MINUTE, DEFAULT_API_RATE_PER_MINUTE,
                1, MAX_API_RATE_PER_MINUTE);
        this.clerkCallsPerSecond = SettingReaders.intSetting(source, CLERK_CALLS_PER_SECOND,
                DEFAULT_CLERK_CALLS_PER_SECOND, 1, MAX_CLERK_CALLS_PER_SECOND);
        this.clerkApi = SettingReaders.clerkApi(source);
        this.sessionTokens = SettingReaders.sessionTokens(source);
        if (clerkApi.isPresent() != sessionTokens.isPresent()) {
            throw clerkApi.isPresent()
                    ? new InvalidSettingException(JWT_KEY, "is missing: with " + SECRET_KEY
                            + " set, the admin API needs " + JWT_KEY + " or " + JWKS_URL + " to check session tokens")
                    : new InvalidSettingException(SECRET_KEY, "is missing: with a session-token key set, the admin"
                            + " API needs the sk_… Backend API key");
        }
    }

    /**
     * @param containerDataSource true when Tomcat provides {@code jdbc/clerkSync}; then the
     *                            {@code DATABASE_*} settings are not needed
     */
    public static Settings load(SettingSource source, boolean containerDataSource) {
        return new Settings(source, containerDataSource);
    }

    public List<String> webhookSecrets() {
        return webhookSecrets;
    }

    /** Empty when the container provides the DataSource. */
    public Optional<DatabaseUrl> databaseUrl() {
        return databaseUrl;
    }

    /**
     * The role the migrations run as, on the pool's database, when it is not the pool's own: the
     * schema's owner, while the pool works as a role that may only read and write rows. Empty:
     * the pool's role migrates.
     */
    public Optional<MigrationLogin> migrationLogin() {
        return migrationLogin;
    }

    /**
     * Where the migrations connect when it is not where the pool does: the server itself, when the
     * pool goes through a pooler in transaction mode (Flyway sets the search path and the role for
     * its session). Empty: the pool's URL.
     */
    public Optional<String> migrationUrl() {
        return migrationUrl;
    }

    public int poolSize() {
        return poolSize;
    }

    /** How many batches of deliveries may be in their transaction at once. */
    public int webhookWriters() {
        return webhookWriters;
    }

    /** The schema of clerk-sync's tables and migration history. */
    public String schema() {
        return schema;
    }

    /** How long a transaction waits for a lock before it fails (PostgreSQL's {@code lock_timeout}). */
    public int lockTimeoutMillis() {
        return lockTimeoutMillis;
    }

    /** How long one statement may run before PostgreSQL cancels it ({@code statement_timeout}). */
    public int statementTimeoutMillis() {
        return statementTimeoutMillis;
    }

    /** The bearer token {@code /metrics} requires; empty: open. */
    public Optional<String> metricsToken() {
        return metricsToken;
    }

    public Set<String> roles() {
        return roles;
    }

    public String defaultRole() {
        return defaultRole;
    }

    public String adminRole() {
        return adminRole;
    }

    /** The roles the delegated endpoint may give inside an organization (Clerk's role keys). */
    public Set<String> organizationRoles() {
        return organizationRoles;
    }

    /** The membership role whose holders may change roles inside their own organization. */
    public String organizationAdminRole() {
        return organizationAdminRole;
    }

    public Duration eventRetention() {
        return eventRetention;
    }

    /** Requests one caller (a session token's {@code sub}) may make to {@code /api/*} per minute, and its burst. */
    public int apiRatePerMinute() {
        return apiRatePerMinute;
    }

    /** Backend API lookups {@code /api/me} may make per second on this node, for users not yet synced. */
    public int clerkCallsPerSecond() {
        return clerkCallsPerSecond;
    }

    /** The Backend API settings; empty when the admin API is off (webhook-only deployment). */
    public Optional<ClerkApi> clerkApi() {
        return clerkApi;
    }

    /** How session tokens are checked; present exactly when {@link #clerkApi()} is. */
    public Optional<SessionTokens> sessionTokens() {
        return sessionTokens;
    }

    /** For the start-up log: names and harmless values, secrets masked. */
    @Override
    public String toString() {
        return WEBHOOK_SECRET + "=<" + webhookSecrets.size() + " secret(s), masked>, "
                + DATABASE_URL + "=" + databaseUrl.map(DatabaseUrl::toString).orElse("<container jdbc/clerkSync>")
                + ", " + DATABASE_MIGRATION_URL + "=" + migrationUrl.map(Settings::withoutQuery)
                        .orElse("<unset: the pool's URL>")
                + ", " + DATABASE_MIGRATION_USER + "=" + migrationLogin.map(MigrationLogin::toString)
                        .orElse("<unset: the pool's role migrates>")
                + ", " + DATABASE_POOL_SIZE + "=" + poolSize
                + ", " + DB_SCHEMA + "=" + schema
                + ", " + DB_LOCK_TIMEOUT_MS + "=" + lockTimeoutMillis
                + ", " + DB_STATEMENT_TIMEOUT_MS + "=" + statementTimeoutMillis
                + ", " + WEBHOOK_WRITERS + "=" + webhookWriters
                + ", " + METRICS_TOKEN + "=" + metricsToken.map(token -> "<masked>").orElse("<unset: /metrics is open>")
                + ", " + ROLES + "=" + String.join(",", roles)
                + ", " + DEFAULT_ROLE + "=" + defaultRole
                + ", " + ADMIN_ROLE + "=" + adminRole
                + ", " + ORG_ROLES + "=" + String.join(",", organizationRoles)
                + ", " + ORG_ADMIN_ROLE + "=" + organizationAdminRole
                + ", " + EVENT_RETENTION_DAYS + "=" + eventRetention.toDays()
                + ", " + API_RATE_PER_MINUTE + "=" + apiRatePerMinute
                + ", " + CLERK_CALLS_PER_SECOND + "=" + clerkCallsPerSecond
                + ", admin API " + clerkApi.map(api -> "on: " + api + ", " + sessionTokens.orElseThrow())
                        .orElse("off (no " + SECRET_KEY + ")");
    }

    private static String oneOf(Set<String> roles, String rolesName, SettingSource source, String name,
            String fallback) {
        String role = source.get(name).orElse(fallback);
        if (!roles.contains(role)) {
            throw new InvalidSettingException(name, "is '" + role + "', which is not one of " + rolesName);
        }
        return role;
    }

    /** Clerk's Backend API: base URL, the sk_… key (never in {@link #toString()}), the per-call timeout. */
    public record ClerkApi(String secretKey, URI baseUrl, Duration timeout) {
        @Override
        public String toString() {
            return API_URL + "=" + baseUrl + ", " + SECRET_KEY + "=<masked>, " + API_TIMEOUT_SECONDS + "="
                    + timeout.toSeconds();
        }
    }

    /**
     * Session-token checking: a PEM key (networkless; wins when both are set) or a JWKS URL, and
     * the optional {@code iss} / {@code azp} requirements.
     */
    public record SessionTokens(Optional<String> pemKey, Optional<URI> jwksUrl, Optional<String> issuer,
            Set<String> authorizedParties) {
        @Override
        public String toString() {
            return (pemKey.isPresent() ? JWT_KEY + "=<PEM>" : JWKS_URL + "=" + jwksUrl.orElseThrow())
                    + ", " + ISSUER + "=" + issuer.orElse("<any>")
                    + ", " + AUTHORIZED_PARTIES + "=" + (authorizedParties.isEmpty() ? "<any>" : authorizedParties);
        }
    }

    /** The credentials the migrations run with; the password (null: none) never leaves through {@link #toString()}. */
    public record MigrationLogin(String user, String password) {
        @Override
        public String toString() {
            return user + (password == null ? "" : " (" + DATABASE_MIGRATION_PASSWORD + "=<masked>)");
        }
    }

    /** A JDBC address with its credentials; the password never leaves through {@link #toString()}. */
    public record DatabaseUrl(String url, String user, String password) {
        @Override
        public String toString() {
            return withoutQuery(url) + (user == null ? "" : " as " + user);
        }
    }

    // A JDBC URL may embed a password parameter: show only up to the query.
    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }
}
