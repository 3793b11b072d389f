package dev.clerksync.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
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
    public static final String ROLES = "CLERK_SYNC_ROLES";
    public static final String DEFAULT_ROLE = "CLERK_SYNC_DEFAULT_ROLE";
    public static final String ADMIN_ROLE = "CLERK_SYNC_ADMIN_ROLE";
    public static final String EVENT_RETENTION_DAYS = "CLERK_SYNC_EVENT_RETENTION_DAYS";

    private static final int DEFAULT_POOL_SIZE = 10;
    private static final int MAX_POOL_SIZE = 200;
    private static final int DEFAULT_RETENTION_DAYS = 30;
    // Svix retries a delivery for about 28 hours; forgetting a svix-id sooner would let a retry apply twice.
    private static final int MIN_RETENTION_DAYS = 2;

    private final List<String> webhookSecrets;
    private final Optional<DatabaseUrl> databaseUrl;
    private final int poolSize;
    private final Set<String> roles;
    private final String defaultRole;
    private final String adminRole;
    private final Duration eventRetention;

    private Settings(SettingSource source, boolean containerDataSource) {
        this.webhookSecrets = webhookSecrets(source);
        this.databaseUrl = containerDataSource ? Optional.empty() : Optional.of(databaseUrl(source));
        this.poolSize = intSetting(source, DATABASE_POOL_SIZE, DEFAULT_POOL_SIZE, 1, MAX_POOL_SIZE);
        this.roles = roles(source);
        this.defaultRole = oneOfRoles(source, DEFAULT_ROLE, "user");
        this.adminRole = oneOfRoles(source, ADMIN_ROLE, "admin");
        this.eventRetention = Duration.ofDays(
                intSetting(source, EVENT_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS, 36_500));
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

    /** For the start-up log: names and harmless values, secrets masked. */
    @Override
    public String toString() {
        return WEBHOOK_SECRET + "=<" + webhookSecrets.size() + " secret(s), masked>, "
                + DATABASE_URL + "=" + databaseUrl.map(DatabaseUrl::toString).orElse("<container jdbc/clerkSync>")
                + ", " + DATABASE_POOL_SIZE + "=" + poolSize
                + ", " + ROLES + "=" + String.join(",", roles)
                + ", " + DEFAULT_ROLE + "=" + defaultRole
                + ", " + ADMIN_ROLE + "=" + adminRole
                + ", " + EVENT_RETENTION_DAYS + "=" + eventRetention.toDays();
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
        return Set.copyOf(roles);
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

    private static List<String> commaList(String raw) {
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
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
