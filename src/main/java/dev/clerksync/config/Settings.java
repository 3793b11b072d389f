package dev.clerksync.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
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
    public static final String WEBHOOK_WRITERS = "CLERK_SYNC_WEBHOOK_WRITERS";
    public static final String METRICS_TOKEN = "CLERK_SYNC_METRICS_TOKEN";
    public static final String DB_SCHEMA = "CLERK_SYNC_DB_SCHEMA";
    public static final String ROLES = "CLERK_SYNC_ROLES";
    public static final String DEFAULT_ROLE = "CLERK_SYNC_DEFAULT_ROLE";
    public static final String ADMIN_ROLE = "CLERK_SYNC_ADMIN_ROLE";
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
    // docs/contract.md: no request of ours hangs on Clerk for more than 10 s.
    private static final int MAX_API_TIMEOUT_SECONDS = 10;

    private final List<String> webhookSecrets;
    private final Optional<DatabaseUrl> databaseUrl;
    private final int poolSize;
    private final int webhookWriters;
    private final Optional<String> metricsToken;
    private final String schema;
    private final Set<String> roles;
    private final String defaultRole;
    private final String adminRole;
    private final Duration eventRetention;
    private final int apiRatePerMinute;
    private final int clerkCallsPerSecond;
    private final Optional<ClerkApi> clerkApi;
    private final Optional<SessionTokens> sessionTokens;

    private Settings(SettingSource source, boolean containerDataSource) {
        this.webhookSecrets = webhookSecrets(source);
        this.databaseUrl = containerDataSource ? Optional.empty() : Optional.of(databaseUrl(source));
        this.poolSize = intSetting(source, DATABASE_POOL_SIZE, DEFAULT_POOL_SIZE, 1, MAX_POOL_SIZE);
        this.webhookWriters = intSetting(source, WEBHOOK_WRITERS, DEFAULT_WEBHOOK_WRITERS, 1, MAX_WEBHOOK_WRITERS);
        this.metricsToken = source.get(METRICS_TOKEN);
        this.schema = schema(source);
        this.roles = roles(source);
        this.defaultRole = oneOfRoles(source, DEFAULT_ROLE, "user");
        this.adminRole = oneOfRoles(source, ADMIN_ROLE, "admin");
        this.eventRetention = Duration.ofDays(
                intSetting(source, EVENT_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS, 36_500));
        this.apiRatePerMinute = intSetting(source, API_RATE_PER_MINUTE, DEFAULT_API_RATE_PER_MINUTE, 1,
                MAX_API_RATE_PER_MINUTE);
        this.clerkCallsPerSecond = intSetting(source, CLERK_CALLS_PER_SECOND, DEFAULT_CLERK_CALLS_PER_SECOND, 1,
                MAX_CLERK_CALLS_PER_SECOND);
        this.clerkApi = clerkApi(source);
        this.sessionTokens = sessionTokens(source);
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
                + ", " + DATABASE_POOL_SIZE + "=" + poolSize
                + ", " + DB_SCHEMA + "=" + schema
                + ", " + WEBHOOK_WRITERS + "=" + webhookWriters
                + ", " + METRICS_TOKEN + "=" + metricsToken.map(token -> "<masked>").orElse("<unset: /metrics is open>")
                + ", " + ROLES + "=" + String.join(",", roles)
                + ", " + DEFAULT_ROLE + "=" + defaultRole
                + ", " + ADMIN_ROLE + "=" + adminRole
                + ", " + EVENT_RETENTION_DAYS + "=" + eventRetention.toDays()
                + ", " + API_RATE_PER_MINUTE + "=" + apiRatePerMinute
                + ", " + CLERK_CALLS_PER_SECOND + "=" + clerkCallsPerSecond
                + ", admin API " + clerkApi.map(api -> "on: " + api + ", " + sessionTokens.orElseThrow())
                        .orElse("off (no " + SECRET_KEY + ")");
    }

    // A plain lower-case identifier: it goes into search_path and Flyway unquoted.
    private static final java.util.regex.Pattern SCHEMA = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private static String schema(SettingSource source) {
        String schema = source.get(DB_SCHEMA).orElse("public");
        if (!SCHEMA.matcher(schema).matches()) {
            throw new InvalidSettingException(DB_SCHEMA, "is malformed: it must be a lower-case identifier"
                    + " (letters, digits, underscores; at most 63)");
        }
        return schema;
    }

    private static List<String> webhookSecrets(SettingSource source) {
        String name = source.get(WEBHOOK_SECRET).isPresent() ? WEBHOOK_SECRET : WEBHOOK_SECRET_ALIAS;
        String raw = source.get(name)
                .orElseThrow(() -> new InvalidSettingException(WEBHOOK_SECRET,
                        "is missing (the whsec_… signing secret of the Clerk webhook endpoint)"));
        List<String> secrets = commaList(raw);
        if (secrets.isEmpty()) {
            throw new InvalidSettingException(name, "is empty");
        }
        for (int i = 0; i < secrets.size(); i++) {
            if (!isSigningSecret(secrets.get(i))) {
                throw new InvalidSettingException(name,
                        "is malformed: entry " + (i + 1) + " is not a whsec_ followed by base64");
            }
        }
        return secrets;
    }

    private static boolean isSigningSecret(String secret) {
        String key = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            return Base64.getDecoder().decode(key).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static DatabaseUrl databaseUrl(SettingSource source) {
        String url = source.get(DATABASE_URL).orElseThrow(() -> new InvalidSettingException(DATABASE_URL,
                "is missing (a jdbc:postgresql:// URL), and Tomcat defines no jdbc/clerkSync DataSource"));
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidSettingException(DATABASE_URL, "is malformed: it must start with jdbc:postgresql:");
        }
        return new DatabaseUrl(url, source.get(DATABASE_USER).orElse(null),
                source.get(DATABASE_PASSWORD).orElse(null));
    }

    private static Set<String> roles(SettingSource source) {
        Set<String> roles = new LinkedHashSet<>(commaList(source.get(ROLES).orElse("admin,user")));
        if (roles.isEmpty() || !roles.stream().allMatch(role -> role.matches("[A-Za-z0-9_.:-]{1,64}"))) {
            throw new InvalidSettingException(ROLES, "is malformed: a comma list of role names like admin,user");
        }
        // In the configured order, so the start-up line reads the same on every start.
        return Collections.unmodifiableSet(roles);
    }

    private String oneOfRoles(SettingSource source, String name, String fallback) {
        String role = source.get(name).orElse(fallback);
        if (!roles.contains(role)) {
            throw new InvalidSettingException(name, "is '" + role + "', which is not one of " + ROLES);
        }
        return role;
    }

    private static int intSetting(SettingSource source, String name, int fallback, int min, int max) {
        String raw = source.get(name).orElse(null);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidSettingException(name, "is malformed: a whole number from " + min + " to " + max);
    }

    private static Optional<ClerkApi> clerkApi(SettingSource source) {
        Optional<String> secretKey = source.get(SECRET_KEY);
        if (secretKey.isEmpty()) {
            return Optional.empty();
        }
        if (!secretKey.get().matches("sk_[A-Za-z0-9_]+")) {
            throw new InvalidSettingException(SECRET_KEY, "is malformed: it must be Clerk's sk_… secret key");
        }
        URI baseUrl = httpUrl(source, API_URL, source.get(API_URL).orElse("https://api.clerk.com"));
        int timeout = intSetting(source, API_TIMEOUT_SECONDS, MAX_API_TIMEOUT_SECONDS, 1, MAX_API_TIMEOUT_SECONDS);
        return Optional.of(new ClerkApi(secretKey.get(), baseUrl, Duration.ofSeconds(timeout)));
    }

    private static Optional<SessionTokens> sessionTokens(SettingSource source) {
        Optional<String> pem = source.get(JWT_KEY).map(key -> key.replace("\\n", "\n"));
        Optional<URI> jwks = source.get(JWKS_URL).map(url -> httpUrl(source, JWKS_URL, url));
        if (pem.isEmpty() && jwks.isEmpty()) {
            return Optional.empty();
        }
        if (pem.isPresent() && !pem.get().contains("-----BEGIN PUBLIC KEY-----")) {
            throw new InvalidSettingException(JWT_KEY, "is malformed: a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        return Optional.of(new SessionTokens(pem, pem.isPresent() ? Optional.empty() : jwks,
                source.get(ISSUER), Set.copyOf(commaList(source.get(AUTHORIZED_PARTIES).orElse("")))));
    }

    private static URI httpUrl(SettingSource source, String name, String raw) {
        try {
            URI uri = new URI(raw);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidSettingException(name, "is malformed: an http(s):// URL");
    }

    private static List<String> commaList(String raw) {
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
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

    /** A JDBC address with its credentials; the password never leaves through {@link #toString()}. */
    public record DatabaseUrl(String url, String user, String password) {
        @Override
        public String toString() {
            // The URL itself may embed a password parameter: show only up to the query.
            int query = url.indexOf('?');
            return (query < 0 ? url : url.substring(0, query) + "?…") + (user == null ? "" : " as " + user);
        }
    }
}
