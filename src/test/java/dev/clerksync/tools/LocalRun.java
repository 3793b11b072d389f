package dev.clerksync.tools;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the packaged WAR the way an operator would: in a stock Tomcat started with
 * {@code bin/catalina.sh run}, configured through environment variables, against PostgreSQL.
 * Started by {@code mvn -B -Prun -DskipTests verify}; the arguments come from the {@code run}
 * profile in pom.xml.
 *
 * <p>Without {@code DATABASE_URL} it owns an embedded PostgreSQL that lives as long as the run
 * (a fresh database every time). The signing secret is {@code CLERK_WEBHOOK_SIGNING_SECRET}
 * when set, else a fresh one written to {@code target/dev/signing-secret} for {@link SendEvent}.
 * Ctrl-C, or any JVM shutdown, stops Tomcat first and then PostgreSQL.
 */
public final class LocalRun {

    static final String CONTEXT_PATH = "/clerk-sync";
    private static final String SECRET_ENV = "CLERK_WEBHOOK_SIGNING_SECRET";
    private static final int SECRET_BYTES = 32;
    private static final String DATABASE_NAME = "clerk_sync";
    private static final String DATABASE_USER = "postgres";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration TOMCAT_STOP_GRACE = Duration.ofSeconds(30);

    private final Options options;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private Process tomcat;
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
        Database database = database();
        Path catalinaBase = prepareCatalinaBase();
        if (options.jndi) {
            installContextXml(catalinaBase, secret, database);
        }

        ProcessBuilder builder = new ProcessBuilder("sh", options.catalinaHome.resolve("bin/catalina.sh").toString(), "run")
                .directory(catalinaBase.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = builder.environment();
        env.put("CATALINA_HOME", options.catalinaHome.toString());
        env.put("CATALINA_BASE", catalinaBase.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put(SECRET_ENV, secret.value);
        if (database.embedded && !options.jndi) {
            env.put("DATABASE_URL", database.url);
            env.put("DATABASE_USER", DATABASE_USER);
            env.remove("DATABASE_PASSWORD");
        }
        synchronized (this) {
            if (stopping) {
                return 0;
            }
            tomcat = builder.start();
        }
        String base = "http://localhost:" + options.port + CONTEXT_PATH;
        if (!awaitHealthy(base + "/health")) {
            if (stopping) {
                return 0;
            }
            throw new IllegalStateException("clerk-sync did not start: see the log above");
        }
        printBanner(base, secret, database, catalinaBase);
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
        byte[] key = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(key);
        String secret = SendEvent.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
        Files.createDirectories(options.work);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        return new Secret(secret, true, file);
    }

    private Database database() throws IOException, SQLException {
        String url = System.getenv("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return new Database(url, false, -1);
        }
        Path dataDirectory = options.work.resolve("pgdata");
        // A run that was killed outright leaves its data behind; every run starts from an empty database.
        deleteRecursively(dataDirectory);
        log("Starting embedded PostgreSQL in " + dataDirectory + " …");
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(true)
                .setRegisterShutdownHook(false) // ours stops Tomcat before PostgreSQL
                .setPort(options.postgresPort)
                .start();
        synchronized (this) {
            running.push(postgres);
            if (stopping) {
                throw new IllegalStateException("Stopped while PostgreSQL was starting");
            }
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE_NAME);
        }
        return new Database("jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE_NAME, true,
                postgres.getPort());
    }

    /** A CATALINA_BASE of our own: the distribution's conf with our port, and only our WAR in webapps. */
    private Path prepareCatalinaBase() throws IOException {
        Path home = options.catalinaHome;
        if (!Files.isRegularFile(home.resolve("bin/catalina.sh"))) {
            throw new IllegalStateException("No Tomcat distribution at " + home + " (the run profile unpacks it)");
        }
        if (!Files.isRegularFile(options.war)) {
            throw new IllegalStateException("No WAR at " + options.war + ": run `mvn -B -Prun -DskipTests verify`");
        }
        Path base = options.work.resolve("tomcat");
        deleteRecursively(base);
        for (String dir : new String[] {"conf", "logs", "temp", "webapps", "work"}) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
                }
            }
        }
        Path serverXml = base.resolve("conf/server.xml");
        String server = Files.readString(serverXml, StandardCharsets.UTF_8)
                .replace("port=\"8080\"", "port=\"" + options.port + "\"")
                // No shutdown port: the launcher stops Tomcat with a signal, and two runs must not collide on 8005.
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"");
        Files.writeString(serverXml, server, StandardCharsets.UTF_8);
        Files.copy(options.war, base.resolve("webapps").resolve(CONTEXT_PATH.substring(1) + ".war"),
                StandardCopyOption.REPLACE_EXISTING);
        return base;
    }

    /**
     * The operator's other path: tomcat-config/context.xml as this context's descriptor, with a
     * Tomcat-owned DBCP2 pool, and the PostgreSQL driver in CATALINA_BASE/lib where that pool can load it.
     */
    private void installContextXml(Path base, Secret secret, Database database) throws IOException {
        Path template = options.tomcatConfig.resolve("context.xml");
        String user = database.embedded ? DATABASE_USER : System.getenv().getOrDefault("DATABASE_USER", "");
        String password = database.embedded ? "" : System.getenv().getOrDefault("DATABASE_PASSWORD", "");
        String context = replaceOnce(Files.readString(template, StandardCharsets.UTF_8),
                Map.of("url=\"jdbc:postgresql://db.example.com:5432/clerk_sync\"", "url=\"" + xml(database.url) + "\"",
                        "username=\"clerk_sync\"", "username=\"" + xml(user) + "\"",
                        "password=\"change-me\"", "password=\"" + xml(password) + "\"",
                        "whsec_REPLACE_WITH_THE_ENDPOINT_SIGNING_SECRET", xml(secret.value)), template);
        Path descriptor = base.resolve("conf/Catalina/localhost").resolve(CONTEXT_PATH.substring(1) + ".xml");
        Files.createDirectories(descriptor.getParent());
        Files.writeString(descriptor, context, StandardCharsets.UTF_8);
        Path lib = Files.createDirectories(base.resolve("lib"));
        try {
            Path driver = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Files.copy(driver, lib.resolve(driver.getFileName()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the PostgreSQL driver jar", e);
        }
        log("Using " + template + " as " + descriptor + " (container pool jdbc/clerkSync)");
    }

    private static String replaceOnce(String text, Map<String, String> replacements, Path file) {
        String result = text;
        for (Map.Entry<String, String> entry : replacements.entrySet()) {
            if (!result.contains(entry.getKey())) {
                throw new IllegalStateException(file + " no longer contains the placeholder " + entry.getKey());
            }
            result = result.replace(entry.getKey(), entry.getValue());
        }
        return result;
    }

    private static String xml(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * Tomcat opens its connector only after deploying the webapps, so once the port answers a 404
     * means the WAR failed to deploy (its reason is in Tomcat's log above) and waiting longer is pointless.
     */
    private boolean awaitHealthy(String healthUrl) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(healthUrl)).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(options.healthTimeout);
        int lastStatus = -1;
        while (Instant.now().isBefore(deadline)) {
            if (!tomcat.isAlive()) {
                log("Tomcat exited with status " + tomcat.exitValue() + " before " + healthUrl + " answered");
                return false;
            }
            try {
                lastStatus = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (lastStatus == 200) {
                    return true;
                }
                if (lastStatus == 404) {
                    log("Tomcat is up but " + CONTEXT_PATH + " is not deployed: the WAR failed to start "
                            + "(see the SEVERE lines above). Stopping.");
                    return false;
                }
            } catch (ConnectException e) {
                // Not listening yet.
            } catch (IOException e) {
                lastStatus = -1;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        log(healthUrl + " did not answer 200 within " + options.healthTimeout.toSeconds() + " s (last status "
                + lastStatus + "). Stopping.");
        return false;
    }

    private void printBanner(String base, Secret secret, Database database, Path catalinaBase) {
        String sendEvent = "java src/test/java/dev/clerksync/tools/SendEvent.java";
        String urlOption = options.port == 8080 ? "" : " --url " + base + "/webhooks/clerk";
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
                    .append(" -U ").append(DATABASE_USER).append(' ').append(DATABASE_NAME).append('\n');
        } else {
            int query = database.url.indexOf('?');
            out.append("  Database        ").append(query < 0 ? database.url : database.url.substring(0, query) + "?…")
                    .append(" (from DATABASE_URL)\n");
        }
        out.append("\nPost a signed sample event, from another terminal in this directory:\n")
                .append("  ").append(sendEvent).append(" user.created").append(urlOption).append('\n')
                .append("  (then user.updated, user.deleted, or --replay to resend the last one: duplicate)\n")
                .append("Stop with Ctrl-C.\n").append(line).append('\n');
        System.out.print(out);
        System.out.flush();
    }

    private static String mask(String secret) {
        return secret.length() <= 10 ? "…" : secret.substring(0, 10) + "…";
    }

    /** Tomcat first (it holds connections), then PostgreSQL. Safe to call twice, from any thread. */
    private synchronized void stop() {
        stopping = true;
        if (tomcat != null && tomcat.isAlive()) {
            log("Stopping Tomcat …");
            tomcat.descendants().forEach(ProcessHandle::destroy);
            tomcat.destroy();
            try {
                if (!tomcat.waitFor(TOMCAT_STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                    log("Tomcat did not stop within " + TOMCAT_STOP_GRACE.toSeconds() + " s; killing it");
                    tomcat.descendants().forEach(ProcessHandle::destroyForcibly);
                    tomcat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tomcat.destroyForcibly();
            }
        }
        while (!running.isEmpty()) {
            AutoCloseable resource = running.pop();
            log("Stopping embedded PostgreSQL …");
            try {
                resource.close();
            } catch (Exception e) {
                log("Stopping embedded PostgreSQL failed: " + e);
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
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
