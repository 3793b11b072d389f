package dev.clerksync.config;

import static dev.clerksync.config.Settings.API_TIMEOUT_SECONDS;
import static dev.clerksync.config.Settings.API_URL;
import static dev.clerksync.config.Settings.AUTHORIZED_PARTIES;
import static dev.clerksync.config.Settings.DATABASE_MIGRATION_PASSWORD;
import static dev.clerksync.config.Settings.DATABASE_MIGRATION_URL;
import static dev.clerksync.config.Settings.DATABASE_MIGRATION_USER;
import static dev.clerksync.config.Settings.DATABASE_PASSWORD;
import static dev.clerksync.config.Settings.DATABASE_URL;
import static dev.clerksync.config.Settings.DATABASE_USER;
import static dev.clerksync.config.Settings.DB_SCHEMA;
import static dev.clerksync.config.Settings.ISSUER;
import static dev.clerksync.config.Settings.JWKS_URL;
import static dev.clerksync.config.Settings.JWT_KEY;
import static dev.clerksync.config.Settings.SECRET_KEY;
import static dev.clerksync.config.Settings.WEBHOOK_SECRET;
import static dev.clerksync.config.Settings.WEBHOOK_SECRET_ALIAS;

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

/** How each setting that needs more than a number is read and validated; {@link Settings} holds the results. */
final class SettingReaders {

    // docs/contract.md: no request of ours hangs on Clerk for more than 10 s.
    private static final int MAX_API_TIMEOUT_SECONDS = 10;

    private SettingReaders() {
    }

    // A plain lower-case identifier: it goes into search_path and Flyway unquoted.
    private static final java.util.regex.Pattern SCHEMA = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    static String schema(SettingSource source) {
        String schema = source.get(DB_SCHEMA).orElse("public");
        if (!SCHEMA.matcher(schema).matches()) {
            throw new InvalidSettingException(DB_SCHEMA, "is malformed: it must be a lower-case identifier"
                    + " (letters, digits, underscores; at most 63)");
        }
        return schema;
    }

    static List<String> webhookSecrets(SettingSource source) {
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

    static Settings.DatabaseUrl databaseUrl(SettingSource source) {
        String url = source.get(DATABASE_URL).orElseThrow(() -> new InvalidSettingException(DATABASE_URL,
                "is missing (a jdbc:postgresql:// URL), and Tomcat defines no jdbc/clerkSync DataSource"));
        return new Settings.DatabaseUrl(postgresUrl(DATABASE_URL, url), source.get(DATABASE_USER).orElse(null),
                source.get(DATABASE_PASSWORD).orElse(null));
    }

    static Optional<String> migrationUrl(SettingSource source) {
        return source.get(DATABASE_MIGRATION_URL).map(url -> postgresUrl(DATABASE_MIGRATION_URL, url));
    }

    private static String postgresUrl(String name, String url) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidSettingException(name, "is malformed: it must start with jdbc:postgresql:");
        }
        return url;
    }

    static Optional<Settings.MigrationLogin> migrationLogin(SettingSource source) {
        Optional<String> user = source.get(DATABASE_MIGRATION_USER);
        Optional<String> password = source.get(DATABASE_MIGRATION_PASSWORD);
        if (user.isEmpty() && password.isPresent()) {
            // Else the password would be silently unused and the pool's role would migrate.
            throw new InvalidSettingException(DATABASE_MIGRATION_USER, "is missing, but "
                    + DATABASE_MIGRATION_PASSWORD + " is set: set both, or neither to migrate as the pool's role");
        }
        return user.map(name -> new Settings.MigrationLogin(name, password.orElse(null)));
    }

    /** A comma list of role names ({@code name}, else {@code fallback}), such as admin,user or org:admin,org:member. */
    static Set<String> roles(SettingSource source, String name, String fallback) {
        Set<String> roles = new LinkedHashSet<>(commaList(source.get(name).orElse(fallback)));
        if (roles.isEmpty() || !roles.stream().allMatch(role -> role.matches("[A-Za-z0-9_.:-]{1,64}"))) {
            throw new InvalidSettingException(name, "is malformed: a comma list of role names like " + fallback);
        }
        // In the configured order, so the start-up line reads the same on every start.
        return Collections.unmodifiableSet(roles);
    }

    static int intSetting(SettingSource source, String name, int fallback, int min, int max) {
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

    static Optional<Settings.ClerkApi> clerkApi(SettingSource source) {
        Optional<String> secretKey = source.get(SECRET_KEY);
        if (secretKey.isEmpty()) {
            return Optional.empty();
        }
        if (!secretKey.get().matches("sk_[A-Za-z0-9_]+")) {
            throw new InvalidSettingException(SECRET_KEY, "is malformed: it must be Clerk's sk_… secret key");
        }
        URI baseUrl = httpUrl(source, API_URL, source.get(API_URL).orElse("https://api.clerk.com"));
        int timeout = intSetting(source, API_TIMEOUT_SECONDS, MAX_API_TIMEOUT_SECONDS, 1, MAX_API_TIMEOUT_SECONDS);
        return Optional.of(new Settings.ClerkApi(secretKey.get(), baseUrl, Duration.ofSeconds(timeout)));
    }

    static Optional<Settings.SessionTokens> sessionTokens(SettingSource source) {
        Optional<String> pem = source.get(JWT_KEY).map(key -> key.replace("\\n", "\n"));
        Optional<URI> jwks = source.get(JWKS_URL).map(url -> httpUrl(source, JWKS_URL, url));
        if (pem.isEmpty() && jwks.isEmpty()) {
            return Optional.empty();
        }
        if (pem.isPresent() && !pem.get().contains("-----BEGIN PUBLIC KEY-----")) {
            throw new InvalidSettingException(JWT_KEY, "is malformed: a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        return Optional.of(new Settings.SessionTokens(pem, pem.isPresent() ? Optional.empty() : jwks,
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

    static List<String> commaList(String raw) {
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

}
