package dev.clerksync.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A stock Tomcat distribution (CATALINA_HOME, as unpacked by the build) with a CATALINA_BASE of its
 * own, set up the way tomcat-config/README.md tells an operator, and run as {@code bin/catalina.sh run}
 * in a child process. The test supplies the configuration files; this class only does what any
 * operator's Tomcat does: the HTTP port, the WAR in webapps/, start, stop with a signal, read the logs.
 */
final class StockTomcat implements AutoCloseable {

    static final String CONTEXT = "clerk-sync";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(250);

    private final Path home;
    private final Path base;
    private final int port;
    private Process process;

    private StockTomcat(Path home, Path base, int port) {
        this.home = home;
        this.base = base;
        this.port = port;
    }

    /** A fresh CATALINA_BASE under {@code target/} with the distribution's conf/ and our WAR in webapps/. */
    static StockTomcat prepare(Path home, Path war, String name) throws IOException {
        if (!Files.isRegularFile(home.resolve("bin/catalina.sh"))) {
            throw new IllegalStateException("No Tomcat distribution at " + home + ": the build unpacks it before the ITs");
        }
        Path base = Path.of("target", "stock-tomcat", name).toAbsolutePath();
        deleteRecursively(base);
        for (String dir : new String[] {"bin", "conf", "lib", "logs", "temp", "webapps", "work"}) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
                }
            }
        }
        int port = freePort();
        Path serverXml = base.resolve("conf/server.xml");
        String server = Files.readString(serverXml, StandardCharsets.UTF_8);
        requireContains(server, "port=\"8080\"", serverXml);
        requireContains(server, "<Server port=\"8005\"", serverXml);
        Files.writeString(serverXml, server
                .replace("port=\"8080\"", "port=\"" + port + "\"")
                // No shutdown port: stopped with a signal, and parallel builds must not collide on 8005.
                .replace("<Server port=\"8005\"", "<Server port=\"-1\""), StandardCharsets.UTF_8);
        Files.copy(war, base.resolve("webapps").resolve(CONTEXT + ".war"), StandardCopyOption.REPLACE_EXISTING);
        return new StockTomcat(home.toAbsolutePath(), base, port);
    }

    Path base() {
        return base;
    }

    String version() {
        return home.getFileName().toString();
    }

    URL contextUrl() {
        try {
            return URI.create("http://localhost:" + port + "/" + CONTEXT + "/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code bin/catalina.sh run} with nothing of ours in its environment: what it knows comes from
     * CATALINA_BASE (conf/, bin/setenv.sh, lib/), as in an operator's Tomcat.
     */
    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run")
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("logs/console.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("CLERK_") || name.startsWith("DATABASE_")
                || name.startsWith("CATALINA_") || name.equals("JAVA_OPTS") || name.equals("JRE_HOME"));
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        process = builder.start();
    }

    /**
     * Waits for {@code /clerk-sync/health} to answer 200. Tomcat opens its connector after deploying,
     * so a 404 from a listening Tomcat means the WAR failed to start: no point waiting longer.
     */
    void awaitHealthy() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(contextUrl() + "health"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        int status = -1;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(version() + " exited with " + process.exitValue() + " before /health answered:\n"
                        + output());
            }
            try {
                status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                if (status == 404) {
                    throw new AssertionError(CONTEXT + " did not deploy in " + version() + ":\n" + output());
                }
            } catch (ConnectException e) {
                // not listening yet
            } catch (HttpTimeoutException e) {
                // Tomcat binds its port at init but serves only once the deployment is done.
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("/health did not answer 200 within " + START_TIMEOUT.toSeconds() + " s (last "
                + status + "):\n" + output());
    }

    /** SIGTERM, as a service manager stops Tomcat: its shutdown hook stops the server and undeploys. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(version() + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
        }
    }

    /** Everything Tomcat wrote: the console, and the log files (localhost.*.log is not on the console). */
    List<String> logLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> logs = Files.list(base.resolve("logs"))) {
            for (Path log : (Iterable<Path>) logs.sorted()::iterator) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    lines.add(log.getFileName() + ": " + line);
                }
            }
        }
        return lines;
    }

    String output() {
        try {
            return Files.readString(base.resolve("logs/console.out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no console output: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void requireContains(String text, String expected, Path file) {
        if (!text.contains(expected)) {
            throw new IllegalStateException(file + " no longer contains " + expected);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
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
}
