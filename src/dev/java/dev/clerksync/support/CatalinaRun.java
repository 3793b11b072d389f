package dev.clerksync.support;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A stock Tomcat distribution (CATALINA_HOME) run as {@code bin/catalina.sh run} in a child process,
 * with a CATALINA_BASE of our own set up the way tomcat-config/README.md tells an operator: the
 * distribution's conf/ with our HTTP port, our WAR in webapps/, optionally context.xml and the driver.
 * Shared by the local run ({@code tools.LocalRun}) and the stock-Tomcat tests ({@code deploy.StockTomcat});
 * each decides the port, the environment and what to do when Tomcat does not come up.
 */
public final class CatalinaRun {

    public static final String CONTEXT = "clerk-sync";
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final Path home;
    private final Path base;
    private final int port;
    private Process process;

    private CatalinaRun(Path home, Path base, int port) {
        this.home = home;
        this.base = base;
        this.port = port;
    }

    /**
     * Empties {@code base} and fills it: the directories Tomcat needs, a copy of the distribution's
     * conf/ with the HTTP connector on {@code port} and no shutdown port, and {@code war} as
     * webapps/clerk-sync.war.
     */
    public static CatalinaRun prepare(Path home, Path war, Path base, int port) throws IOException {
        if (!Files.isRegularFile(home.resolve("bin/catalina.sh"))) {
            throw new IllegalStateException("No Tomcat distribution at " + home + ": the build unpacks it first");
        }
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
        Files.writeString(serverXml, replaceEach(Files.readString(serverXml, StandardCharsets.UTF_8), serverXml, Map.of(
                "port=\"8080\"", "port=\"" + port + "\"",
                // No shutdown port: stopped with a signal, and two Tomcats must not collide on 8005.
                "<Server port=\"8005\"", "<Server port=\"-1\"")), StandardCharsets.UTF_8);
        Files.copy(war, base.resolve("webapps").resolve(CONTEXT + ".war"), StandardCopyOption.REPLACE_EXISTING);
        return new CatalinaRun(home.toAbsolutePath(), base.toAbsolutePath(), port);
    }

    public Path home() {
        return home;
    }

    public Path base() {
        return base;
    }

    /** {@code http://localhost:PORT/clerk-sync}, without a trailing slash. */
    public String contextUrl() {
        return "http://localhost:" + port + "/" + CONTEXT;
    }

    /**
     * tomcat-config/context.xml (or another {@code template} with its placeholders) as this context's
     * descriptor, conf/Catalina/localhost/clerk-sync.xml, with the values filled in. Answers its path.
     */
    public Path installContextXml(Path template, String jdbcUrl, String user, String password, String signingSecret)
            throws IOException {
        String context = replaceEach(Files.readString(template, StandardCharsets.UTF_8), template, Map.of(
                "url=\"jdbc:postgresql://db.example.com:5432/clerk_sync\"", "url=\"" + xml(jdbcUrl) + "\"",
                "username=\"clerk_sync\"", "username=\"" + xml(user) + "\"",
                "password=\"change-me\"", "password=\"" + xml(password) + "\"",
                "whsec_REPLACE_WITH_THE_ENDPOINT_SIGNING_SECRET", xml(signingSecret)));
        Path descriptor = base.resolve("conf/Catalina/localhost/" + CONTEXT + ".xml");
        Files.createDirectories(descriptor.getParent());
        Files.writeString(descriptor, context, StandardCharsets.UTF_8);
        return descriptor;
    }

    /** The JDBC driver in CATALINA_BASE/lib, where a Tomcat-owned pool can load it. */
    public void installJdbcDriver(Path jar) throws IOException {
        Path lib = Files.createDirectories(base.resolve("lib"));
        Files.copy(jar, lib.resolve(jar.getFileName()));
    }

    /**
     * Starts {@code bin/catalina.sh run} in CATALINA_BASE with stdin from /dev/null. {@code configure}
     * decides where the output goes and what else the environment holds; CATALINA_HOME,
     * CATALINA_BASE and JAVA_HOME (this JVM's) are set after it.
     */
    public void start(Consumer<ProcessBuilder> configure) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run")
                .directory(base.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        configure.accept(builder);
        Map<String, String> env = builder.environment();
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        process = builder.start();
    }

    /** The Tomcat JVM's process id ({@code catalina.sh run} execs java), for jcmd or a signal. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** How the wait for /health ended; {@code lastStatus} is -1 when nothing answered. */
    public record Health(Outcome outcome, int lastStatus) {

        public enum Outcome { UP, EXITED, NOT_DEPLOYED, TIMED_OUT }
    }

    /**
     * Waits up to {@code timeout} for {@code /clerk-sync/health} to answer 200. Tomcat opens its
     * connector only after deploying the webapps, so once the port answers a 404 means the WAR
     * failed to deploy and waiting longer is pointless.
     */
    public Health awaitHealth(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(contextUrl() + "/health"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        int lastStatus = -1;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                return new Health(Health.Outcome.EXITED, lastStatus);
            }
            try {
                lastStatus = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (lastStatus == 200) {
                    return new Health(Health.Outcome.UP, lastStatus);
                }
                if (lastStatus == 404) {
                    return new Health(Health.Outcome.NOT_DEPLOYED, lastStatus);
                }
            } catch (ConnectException e) {
                // Not listening yet.
            } catch (IOException e) {
                // Tomcat binds its port at init but serves only once the deployment is done.
                lastStatus = -1;
            }
            Thread.sleep(POLL.toMillis());
        }
        return new Health(Health.Outcome.TIMED_OUT, lastStatus);
    }

    /**
     * SIGTERM to Tomcat (and anything it started), as a service manager stops it: its shutdown hook
     * stops the server and undeploys. Answers whether it exited within {@code grace}.
     */
    public boolean terminate(Duration grace) throws InterruptedException {
        if (!isAlive()) {
            return true;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL to Tomcat and anything it started; waits a little for it to go. Safe to call twice. */
    public void kill() {
        if (!isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code text} with each key replaced by its value; fails, naming {@code file}, when a key is missing. */
    public static String replaceEach(String text, Path file, Map<String, String> replacements) {
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

    public static void deleteRecursively(Path path) throws IOException {
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

    /** A loopback port no one listens on now: for a Tomcat (or a database) of a test or a suite. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
