package dev.clerksync.deploy;

import dev.clerksync.fixtures.CatalinaRun;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A stock Tomcat distribution (CATALINA_HOME, as unpacked by the build) with a CATALINA_BASE of its
 * own under {@code target/stock-tomcat/}, on a free port, run as {@code bin/catalina.sh run} in a
 * child process ({@link CatalinaRun}). The test supplies the configuration files; this class adds
 * what a test needs around an operator's Tomcat: nothing of ours in its environment, its console
 * in logs/, and a failed start or stop as an assertion error with the log.
 */
final class StockTomcat implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final CatalinaRun catalina;

    private StockTomcat(CatalinaRun catalina) {
        this.catalina = catalina;
    }

    /** A fresh CATALINA_BASE under {@code target/} with the distribution's conf/ and our WAR in webapps/. */
    static StockTomcat prepare(Path home, Path war, String name) throws IOException {
        Path base = Path.of("target", "stock-tomcat", name).toAbsolutePath();
        return new StockTomcat(CatalinaRun.prepare(home, war, base, CatalinaRun.freePort()));
    }

    CatalinaRun catalina() {
        return catalina;
    }

    Path base() {
        return catalina.base();
    }

    String version() {
        return catalina.home().getFileName().toString();
    }

    URL contextUrl() {
        try {
            return URI.create(catalina.contextUrl() + "/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code bin/catalina.sh run} with nothing of ours in its environment: what it knows comes from
     * CATALINA_BASE (conf/, bin/setenv.sh, lib/), as in an operator's Tomcat.
     */
    void start() throws IOException {
        catalina.start(builder -> {
            builder.redirectErrorStream(true).redirectOutput(base().resolve("logs/console.out").toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("CLERK_") || name.startsWith("DATABASE_")
                    || name.startsWith("CATALINA_") || name.equals("JAVA_OPTS") || name.equals("JRE_HOME"));
        });
    }

    /** Waits for {@code /clerk-sync/health} to answer 200; anything else fails with Tomcat's console. */
    void awaitHealthy() throws InterruptedException {
        CatalinaRun.Health health = catalina.awaitHealth(START_TIMEOUT);
        switch (health.outcome()) {
            case UP -> { }
            case EXITED -> throw new AssertionError(version() + " exited with " + catalina.exitValue()
                    + " before /health answered:\n" + output());
            case NOT_DEPLOYED -> throw new AssertionError(CatalinaRun.CONTEXT + " did not deploy in " + version()
                    + ":\n" + output());
            case TIMED_OUT -> throw new AssertionError("/health did not answer 200 within "
                    + START_TIMEOUT.toSeconds() + " s (last " + health.lastStatus() + "):\n" + output());
        }
    }

    /** SIGTERM, as a service manager stops Tomcat: its shutdown hook stops the server and undeploys. */
    void stop() throws InterruptedException {
        if (!catalina.terminate(STOP_TIMEOUT)) {
            catalina.kill();
            throw new AssertionError(version() + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
        }
    }

    /** Everything Tomcat wrote: the console, and the log files (localhost.*.log is not on the console). */
    List<String> logLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> logs = Files.list(base().resolve("logs"))) {
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
            return Files.readString(base().resolve("logs/console.out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no console output: " + e + ")";
        }
    }

    @Override
    public void close() {
        catalina.kill();
    }

}
