package dev.clerksync.tools;

import dev.clerksync.fixtures.CatalinaRun;
import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.EmbeddedDatabase;
import dev.clerksync.fixtures.SigningSecrets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;

/**
 * Runs the packaged WAR the way an operator would: in a stock Tomcat started with
 * {@code bin/catalina.sh run}, configured through environment variables, against PostgreSQL.
 * Started by {@code mvn -B -Prun -DskipTests verify}; the arguments come from the {@code run}
 * profile in pom.xml.
 *
 * <p>Without {@code DATABASE_URL} it owns an embedded PostgreSQL that lives as long as the run
 * (a fresh database every time), whose output goes to {@code target/dev/postgres.log} rather than
 * the console (see {@link PostgresLog}). The signing secret is {@code CLERK_WEBHOOK_SIGNING_SECRET}
 * when set, else a fresh one written to {@code target/dev/signing-secret} for {@link SendEvent}.
 *
 * <p>The admin API is on in every run. With real Clerk settings in the environment
 * ({@code CLERK_SECRET_KEY} and {@code CLERK_JWT_KEY} or {@code CLERK_JWKS_URL}) they reach Tomcat
 * unchanged. Without them the run is offline: it starts the Clerk Backend API stand-in on a free
 * port with a fresh {@code sk_test_…} key, generates an RSA key pair for session tokens
 * ({@code target/dev/dev-jwt-*-key.pem}, for {@link DevToken}), and gives Tomcat
 * {@code CLERK_SECRET_KEY}, {@code CLERK_API_URL} and {@code CLERK_JWT_KEY} to match.
 * The stand-in's address and key go to {@code target/dev/clerk-api-url} and
 * {@code target/dev/clerk-secret-key}, where SendEvent finds them to register its users.
 *
 * <p>It writes {@code target/dev/send-event} and {@code target/dev/dev-token} ({@link ToolWrappers}),
 * which run the two tools from the compiled test classes; the banner shows those commands.
 *
 * <p>Ctrl-C, or any JVM shutdown, stops Tomcat first, then the stand-in and PostgreSQL.
 */
public final class LocalRun {

    static final String CONTEXT_PATH = "/" + CatalinaRun.CONTEXT;
    private static final String SECRET_ENV = "CLERK_WEBHOOK_SIGNING_SECRET";
    private static final String CLERK_SECRET_KEY_ENV = "CLERK_SECRET_KEY";
    private static final String CLERK_API_URL_ENV = "CLERK_API_URL";
    private static final String CLERK_JWT_KEY_ENV = "CLERK_JWT_KEY";
    private static final String CLERK_JWKS_URL_ENV = "CLERK_JWKS_URL";
    private static final int DEV_KEY_BITS = 2048;
    private static final int CLERK_KEY_LENGTH = 40;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String OWNER_ONLY = "rw-------";
    private static final String DATABASE_NAME = "clerk_sync";
    private static final String DATABASE_USER = "postgres";
    private static final Duration TOMCAT_STOP_GRACE = Duration.ofSeconds(30);
    private static final String POSTGRES_LOG = "postgres.log";
    private static final int COMMAND_WIDTH = 48;
    // -w: curl prints no newline of its own after the JSON, and the next prompt would run on.
    private static final String CURL_AUTH = " -w '\\n' -H \"Authorization: Bearer $TOKEN\"";
    private static final String CURL_ORG_AUTH = " -w '\\n' -H \"Authorization: Bearer $ORG_TOKEN\"";

    private final Options options;
    private final Deque<Resource> running = new ArrayDeque<>();
    private CatalinaRun tomcat;
    private volatile boolean stopping;

    private LocalRun(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        LocalRun run = new LocalRun(Options.parse(args));
        // Ctrl-C reaches Maven's JVM (and, from a terminal, Tomcat too): stop everything in order.
        Thread hook = new Thread(run::stop, "clerk-sync-local-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int exit;
        boolean stoppedOnRequest;
        try {
            exit = run.runUntilTomcatExits();
            stoppedOnRequest = run.stopping;
        } finally {
            run.stop();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running or has run.
        }
        // A Tomcat we stopped on request exits with a signal status; only an unasked-for exit is a failure.
        if (exit != 0 && !stoppedOnRequest) {
            throw new IllegalStateException("Tomcat exited with status " + exit + ": see its log above");
        }
    }

    private int runUntilTomcatExits() throws Exception {
        requireFreePort(options.port);
        Secret secret = signingSecret();
        forgetEarlierRun();
        ToolWrappers.write(options.work);
        Clerk clerk = clerk();
        Database database = database();
        tomcat = prepareCatalinaBase();
        if (options.jndi) {
            installContextXml(secret, database);
        }

        synchronized (this) {
            if (stopping) {
                return 0;
            }
            tomcat.start(builder -> {
                builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
                Map<String, String> env = builder.environment();
                env.put(SECRET_ENV, secret.value);
                if (clerk.standIn) {
                    env.put(CLERK_SECRET_KEY_ENV, clerk.secretKey);
                    env.put(CLERK_API_URL_ENV, clerk.apiUrl);
                    env.put(CLERK_JWT_KEY_ENV, clerk.publicKeyPem);
                    env.remove(CLERK_JWKS_URL_ENV); // a PEM key wins anyway; leave no doubt which key checks tokens
                }
                if (database.embedded && !options.jndi) {
                    env.put("DATABASE_URL", database.url);
                    env.put("DATABASE_USER", DATABASE_USER);
                    env.remove("DATABASE_PASSWORD");
                }
            });
        }
        String base = tomcat.contextUrl();
        if (!awaitHealthy(base + "/health")) {
            if (stopping) {
                return 0;
            }
            throw new IllegalStateException("clerk-sync did not start: see the log above");
        }
        writeState(WEBHOOK_URL, base + "/webhooks/clerk");
        printBanner(base, secret, database, clerk, tomcat.base());
        return tomcat.waitFor();
    }

    private static void requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("Port " + port + " is in use; choose another with -Drun.port=…", e);
        }
    }

    private Secret signingSecret() throws IOException {
        Path file = options.work.resolve("signing-secret");
        String fromEnv = System.getenv(SECRET_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            // SendEvent reads the same variable; a file from an earlier run would only mislead.
            Files.deleteIfExists(file);
            return new Secret(fromEnv.trim(), false, file);
        }
        String secret = SigningSecrets.newSecret();
        Files.createDirectories(options.work);
        Files.deleteIfExists(file);
        writeOwnerOnly(file, secret + "\n");
        return new Secret(secret, true, file);
    }

    // Files that describe a run in progress; SendEvent and DevToken read them, stop() removes them.
    private static final String WEBHOOK_URL = SendEvent.WEBHOOK_URL_FILE;
    private static final String CLERK_API_URL = SendEvent.CLERK_API_URL_FILE;
    private static final String CLERK_SECRET_KEY = SendEvent.CLERK_SECRET_KEY_FILE;

    /** Files of a run that was killed outright would point the tools at servers that are gone. */
    private void forgetEarlierRun() throws IOException {
        for (String name : new String[] {WEBHOOK_URL, CLERK_API_URL, CLERK_SECRET_KEY}) {
            Files.deleteIfExists(options.work.resolve(name));
        }
    }

    /** Real Clerk when its settings are exported, else the stand-in with keys made for this run. */
    private Clerk clerk() throws IOException, GeneralSecurityException {
        String secretKey = env(CLERK_SECRET_KEY_ENV);
        boolean tokenKey = env(CLERK_JWT_KEY_ENV) != null || env(CLERK_JWKS_URL_ENV) != null;
        if (secretKey != null && tokenKey) {
            // DevToken's key would not verify against real Clerk's: do not leave one to mislead.
            Files.deleteIfExists(options.work.resolve(DevToken.PRIVATE_KEY_FILE));
            Files.deleteIfExists(options.work.resolve(DevToken.PUBLIC_KEY_FILE));
            String api = env(CLERK_API_URL_ENV);
            return new Clerk(false, api != null ? api : "https://api.clerk.com (default)", null, null);
        }
        if (secretKey != null || tokenKey) {
            log("Only part of the Clerk settings is exported (" + CLERK_SECRET_KEY_ENV + " needs " + CLERK_JWT_KEY_ENV
                    + " or " + CLERK_JWKS_URL_ENV + " beside it): using the local Clerk stand-in instead");
        }
        String standInKey = "sk_test_" + random(CLERK_KEY_LENGTH);
        String publicPem = writeDevKeyPair(options.work);
        ClerkBackendStandIn standIn = new ClerkBackendStandIn(standInKey);
        synchronized (this) {
            running.push(new Resource("the Clerk stand-in", standIn));
        }
        String apiUrl = standIn.baseUrl().toString();
        writeState(CLERK_API_URL, apiUrl);
        writeState(CLERK_SECRET_KEY, standInKey);
        return new Clerk(true, apiUrl, standInKey, publicPem);
    }

    /**
     * A fresh RSA key pair for development session tokens: the private half as PKCS#8 PEM for
     * {@link DevToken}, the public half as the X.509 PEM that Clerk's dashboard shows. Answers the latter.
     */
    static String writeDevKeyPair(Path directory) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(DEV_KEY_BITS);
        KeyPair pair = generator.generateKeyPair();
        String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
        Files.createDirectories(directory);
        writeOwnerOnly(directory.resolve(DevToken.PRIVATE_KEY_FILE), privatePem);
        Files.writeString(directory.resolve(DevToken.PUBLIC_KEY_FILE), publicPem, StandardCharsets.US_ASCII);
        return publicPem;
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    private void writeState(String name, String value) throws IOException {
        Files.createDirectories(options.work);
        writeOwnerOnly(options.work.resolve(name), value + "\n");
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String random(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return out.toString();
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }

    private Database database() throws IOException, SQLException {
        String url = System.getenv("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return new Database(url, false, -1);
        }
        Path dataDirectory = options.work.resolve("pgdata");
        PostgresLog postgresLog = PostgresLog.fresh(options.work.resolve(POSTGRES_LOG), System.out);
        log("Starting embedded PostgreSQL in " + dataDirectory + " (its output goes to " + postgresLog.file()
                + ") …");
        EmbeddedDatabase postgres;
        try {
            // A run that was killed outright leaves its data behind: at() empties the directory, so
            // every run starts from an empty database. Our shutdown hook stops Tomcat before PostgreSQL.
            postgres = EmbeddedDatabase.at(dataDirectory, options.postgresPort)
                    .logTo(postgresLog.file())
                    .stoppedByCaller()
                    .start();
        } catch (IOException | RuntimeException e) {
            postgresLog.printTail();
            throw e;
        }
        synchronized (this) {
            running.push(new Resource("embedded PostgreSQL", postgres));
            postgresLog.followProblems();
            // Popped first: the server's shutdown lines are not news.
            running.push(new Resource("the PostgreSQL log follower", postgresLog));
            if (stopping) {
                throw new IllegalStateException("Stopped while PostgreSQL was starting");
            }
        }
        try (Connection connection = postgres.connect();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE_NAME);
        }
        return new Database(postgres.jdbcUrl(DATABASE_NAME), true, postgres.port());
    }

    /** A CATALINA_BASE of our own: the distribution's conf with our port, and only our WAR in webapps. */
    private CatalinaRun prepareCatalinaBase() throws IOException {
        Path home = options.catalinaHome;
        if (!Files.isRegularFile(home.resolve("bin/catalina.sh"))) {
            throw new IllegalStateException("No Tomcat distribution at " + home + " (the run profile unpacks it)");
        }
        if (!Files.isRegularFile(options.war)) {
            throw new IllegalStateException("No WAR at " + options.war + ": run `mvn -B -Prun -DskipTests verify`");
        }
        return CatalinaRun.prepare(home, options.war, options.work.resolve("tomcat"), options.port);
    }

    /**
     * The operator's other path: tomcat-config/context.xml as this context's descriptor, with a
     * Tomcat-owned DBCP2 pool, and the PostgreSQL driver in CATALINA_BASE/lib where that pool can load it.
     */
    private void installContextXml(Secret secret, Database database) throws IOException {
        Path template = options.tomcatConfig.resolve("context.xml");
        String user = database.embedded ? DATABASE_USER : System.getenv().getOrDefault("DATABASE_USER", "");
        String password = database.embedded ? "" : System.getenv().getOrDefault("DATABASE_PASSWORD", "");
        Path descriptor = tomcat.installContextXml(template, database.url, user, password, secret.value);
        try {
            tomcat.installJdbcDriver(
                    Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the PostgreSQL driver jar", e);
        }
        log("Using " + template + " as " + descriptor + " (container pool jdbc/clerkSync)");
    }

    /** Tomcat's log above has the reason when the WAR fails to deploy. */
    private boolean awaitHealthy(String healthUrl) throws InterruptedException {
        CatalinaRun.Health health = tomcat.awaitHealth(options.healthTimeout);
        switch (health.outcome()) {
            case UP -> {
                return true;
            }
            case EXITED -> log("Tomcat exited with status " + tomcat.exitValue() + " before " + healthUrl + " answered");
            case NOT_DEPLOYED -> log("Tomcat is up but " + CONTEXT_PATH + " is not deployed: the WAR failed to start "
                    + "(see the SEVERE lines above). Stopping.");
            case TIMED_OUT -> log(healthUrl + " did not answer 200 within " + options.healthTimeout.toSeconds()
                    + " s (last status " + health.lastStatus() + "). Stopping.");
        }
        return false;
    }

    private void printBanner(String base, Secret secret, Database database, Clerk clerk, Path catalinaBase) {
        String line = "-".repeat(78);
        StringBuilder out = new StringBuilder("\n").append(line).append('\n')
                .append("clerk-sync is running in Tomcat (").append(options.catalinaHome.getFileName())
                .append(", CATALINA_BASE ").append(catalinaBase).append(")\n")
                .append("  Webhook URL     ").append(base).append("/webhooks/clerk\n")
                .append("  Health          ").append(base).append("/health\n")
                .append("  Configured by   ").append(options.jndi
                        ? "tomcat-config/context.xml, installed as conf/Catalina/localhost/clerk-sync.xml"
                        : "environment variables, as bin/setenv.sh would set them").append('\n');
        if (secret.generated) {
            out.append("  Signing secret  ").append(secret.value).append("\n")
                    .append("                  (generated for this run, also in ").append(secret.file).append(")\n");
        } else {
            out.append("  Signing secret  from ").append(SECRET_ENV).append(" (").append(mask(secret.value))
                    .append("); SendEvent reads the same variable\n");
        }
        if (database.embedded) {
            out.append("  Database        ").append(database.url).append("  user ").append(DATABASE_USER)
                    .append(", no password (embedded PostgreSQL, deleted when this run stops)\n")
                    .append("                  psql -h localhost -p ").append(database.port)
                    .append(" -U ").append(DATABASE_USER).append(' ').append(DATABASE_NAME).append('\n')
                    .append("                  its log: ").append(shown(options.work.resolve(POSTGRES_LOG)))
                    .append(" (ERROR, FATAL and PANIC lines also show here)\n");
        } else {
            int query = database.url.indexOf('?');
            out.append("  Database        ").append(query < 0 ? database.url : database.url.substring(0, query) + "?…")
                    .append(" (from DATABASE_URL)\n");
        }
        if (clerk.standIn) {
            out.append("  Clerk API       local stand-in at ").append(clerk.apiUrl)
                    .append(" (offline; its sk_test_ key is in ").append(options.work.resolve(CLERK_SECRET_KEY))
                    .append(")\n")
                    .append("  Session tokens  checked with ").append(options.work.resolve(DevToken.PUBLIC_KEY_FILE))
                    .append(" (CLERK_JWT_KEY);\n")
                    .append("                  DevToken signs with its private half, generated for this run\n");
        } else {
            out.append("  Clerk API       ").append(clerk.apiUrl).append(", session tokens checked with ")
                    .append(env(CLERK_JWT_KEY_ENV) != null ? CLERK_JWT_KEY_ENV : CLERK_JWKS_URL_ENV)
                    .append(" (your Clerk instance; no stand-in)\n");
        }
        String sendEvent = shown(options.work.resolve(ToolWrappers.SEND_EVENT));
        String devToken = shown(options.work.resolve(ToolWrappers.DEV_TOKEN));
        String admin = SendEvent.newUserId();
        String member = SendEvent.newUserId();
        String organizationAdmin = SendEvent.newUserId();
        String organization = SendEvent.newOrganizationId();
        out.append("\n# Try it from another terminal in this directory; each line pastes as it stands:\n")
                .append("  ").append(sendEvent).append(" user.created --id ").append(admin).append(" --role admin\n")
                .append("  ").append(sendEvent).append(" user.created --id ").append(organizationAdmin)
                .append(" --first Alan --last Turing\n")
                .append("  ").append(sendEvent).append(" user.created --id ").append(member)
                .append(" --first Grace --last Hopper\n");
        if (clerk.standIn) {
            out.append("  TOKEN=$(").append(devToken).append(' ').append(admin).append(tokenClaimOptions())
                    .append(")\n");
        } else {
            out.append("# SendEvent's users exist only here, not in your Clerk instance: for set-role, use users of\n")
                    .append("# your instance, and a session token from your app: await window.Clerk.session.getToken()\n")
                    .append("  printf 'Session token of an admin: '; read -r TOKEN\n");
        }
        String organizationToken = clerk.standIn
                ? "  ORG_TOKEN=$(" + devToken + ' ' + organizationAdmin + tokenClaimOptions() + ")\n"
                : "  printf 'Session token of an org:admin who is not a global admin: '; read -r ORG_TOKEN\n";
        out.append(curlPost(base + "/api/admin/set-role", "{\"targetUserId\":\"" + member + "\",\"role\":\"admin\"}"))
                .append(curlGet(base + "/api/me"))
                .append("# Organizations (B2B): Acme, Alan its org:admin (not a global admin), Grace an org:member;\n")
                .append("# Alan promotes her with the delegated role endpoint (open to global admins and to the\n")
                .append("# organization's own org:admins), the members show it, and the organization goes:\n");
        if (!clerk.standIn) {
            out.append("# (SendEvent's organizations exist only here, not in your Clerk instance: the role call needs\n")
                    .append("# an organization and members of your instance.)\n");
        }
        String memberOf = " organizationMembership.created --org " + organization + " --user ";
        out.append("  ").append(sendEvent).append(" organization.created --id ").append(organization)
                .append(" --name Acme\n")
                .append("  ").append(sendEvent).append(memberOf).append(organizationAdmin)
                .append(" --role org:admin\n")
                .append("  ").append(sendEvent).append(memberOf).append(member).append(" --role org:member\n")
                .append(organizationToken)
                .append(curl("-X POST ", base + "/api/organizations/" + organization + "/members/" + member + "/role",
                        CURL_ORG_AUTH, " \\\n      -H 'Content-Type: application/json' -d '{\"role\":\"org:admin\"}'"))
                .append(curlGet(base + "/api/admin/organizations/" + organization + "/members"))
                .append(commented(sendEvent + " organization.deleted --id " + organization,
                        "its memberships go with it; tombstones stay"))
                .append("# More, each acting on the user SendEvent last created (Grace Hopper):\n")
                .append(commented(sendEvent + " user.updated --last Murray", clerk.standIn
                        ? "starts from the stand-in's copy: the role set-role gave her stays"
                        : "starts from the profile sent last: add --role admin to keep a role set since"))
                .append(commented(sendEvent + " user.deleted", "her row goes, a tombstone stays"))
                .append(commented(sendEvent + " --replay", "the last delivery again: duplicate"))
                .append("# ").append(sendEvent).append(" and ").append(devToken)
                .append(" run the compiled tools; java src/dev/java/dev/clerksync/tools/DevToken.java\n")
                .append("# takes the same arguments, compiling the source on every start.\n")
                .append("# Stop with Ctrl-C.\n").append(line).append('\n');
        System.out.print(out);
        System.out.flush();
    }

    /** A banner line: curl posting JSON with the session token in $TOKEN. */
    private static String curlPost(String url, String json) {
        return curl("-X POST ", url, CURL_AUTH, " \\\n      -H 'Content-Type: application/json' -d '" + json + "'");
    }

    /** A banner line: curl reading with the session token in $TOKEN. */
    private static String curlGet(String url) {
        return curl("", url, CURL_AUTH, "");
    }

    private static String curl(String method, String url, String auth, String rest) {
        return "  curl -sS " + method + url + auth + rest + "\n";
    }

    /** A banner line: a command and, lined up after it, a shell comment saying what it does. */
    private static String commented(String command, String comment) {
        return String.format("  %-" + COMMAND_WIDTH + "s  # %s\n", command, comment);
    }

    /** A path as it can be typed in the directory the run started in: relative when under it. */
    private static String shown(Path path) {
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) ? here.relativize(path).toString() : path.toString();
    }

    /** DevToken options for the iss / azp checks the exported settings switch on. */
    private static String tokenClaimOptions() {
        StringBuilder options = new StringBuilder();
        String issuer = env("CLERK_ISSUER");
        String parties = env("CLERK_AUTHORIZED_PARTIES");
        if (issuer != null) {
            options.append(" --iss '").append(issuer.trim()).append('\'');
        }
        if (parties != null) {
            options.append(" --azp '").append(parties.split(",")[0].trim()).append('\'');
        }
        return options.toString();
    }

    private static String mask(String secret) {
        return secret.length() <= 10 ? "…" : secret.substring(0, 10) + "…";
    }

    /** Tomcat first (it holds connections), then PostgreSQL. Safe to call twice, from any thread. */
    private synchronized void stop() {
        stopping = true;
        if (tomcat != null && tomcat.isAlive()) {
            log("Stopping Tomcat …");
            try {
                if (!tomcat.terminate(TOMCAT_STOP_GRACE)) {
                    log("Tomcat did not stop within " + TOMCAT_STOP_GRACE.toSeconds() + " s; killing it");
                    tomcat.kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tomcat.kill();
            }
        }
        try {
            forgetEarlierRun();
        } catch (IOException e) {
            log("Could not remove the run's files in " + options.work + ": " + e);
        }
        while (!running.isEmpty()) {
            Resource resource = running.pop();
            log("Stopping " + resource.name + " …");
            try {
                resource.closeable.close();
            } catch (Exception e) {
                log("Stopping " + resource.name + " failed: " + e);
            }
        }
    }

    private static void log(String message) {
        System.out.println("[LocalRun] " + message);
        System.out.flush();
    }

    private record Secret(String value, boolean generated, Path file) {
    }

    private record Database(String url, boolean embedded, int port) {
    }

    /** Where the admin API's Clerk is: the stand-in (with this run's keys), or the exported settings. */
    private record Clerk(boolean standIn, String apiUrl, String secretKey, String publicKeyPem) {
    }

    private record Resource(String name, AutoCloseable closeable) {
    }

    private record Options(Path war, Path catalinaHome, Path work, Path tomcatConfig, boolean jndi, int port,
                           int postgresPort, Duration healthTimeout) {

        static Options parse(String[] args) {
            Path war = Path.of("target/clerk-sync.war");
            Path catalinaHome = Path.of("target/tomcat/apache-tomcat-10.1.49");
            Path work = Path.of("target/dev");
            Path tomcatConfig = Path.of("tomcat-config");
            boolean jndi = false;
            int port = 8080;
            int postgresPort = 0; // 0: zonky picks a free one, so a local PostgreSQL on 5432 is no obstacle
            Duration healthTimeout = Duration.ofMinutes(3);
            Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
            while (!rest.isEmpty()) {
                String option = rest.removeFirst();
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = rest.removeFirst();
                switch (option) {
                    case "--war" -> war = Path.of(value);
                    case "--catalina-home" -> catalinaHome = Path.of(value);
                    case "--work" -> work = Path.of(value);
                    case "--tomcat-config" -> tomcatConfig = Path.of(value);
                    case "--jndi" -> jndi = Boolean.parseBoolean(value);
                    case "--port" -> port = Integer.parseInt(value);
                    case "--postgres-port" -> postgresPort = Integer.parseInt(value);
                    case "--health-timeout" -> healthTimeout = Duration.ofSeconds(Long.parseLong(value));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            return new Options(war.toAbsolutePath(), catalinaHome.toAbsolutePath(), work.toAbsolutePath(),
                    tomcatConfig.toAbsolutePath(), jndi, port, postgresPort, healthTimeout);
        }
    }
}
