package dev.clerksync.faults;

import dev.clerksync.fixtures.CatalinaRun;
import dev.clerksync.support.ServerXml;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One clerk-sync node: a stock Tomcat distribution running the packaged WAR as {@code bin/catalina.sh run}
 * in a CATALINA_BASE of its own under {@code target/}, configured by environment variables as an
 * operator's {@code bin/setenv.sh} would, on a free port it keeps across restarts. The suites kill it
 * with SIGKILL and start it again on the same base.
 */
final class Node implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final CatalinaRun catalina;
    private final Map<String, String> settings;
    private final String heap;

    private Node(String name, CatalinaRun catalina, Map<String, String> settings, String heap) {
        this.name = name;
        this.catalina = catalina;
        this.settings = settings;
        this.heap = heap;
    }

    /**
     * A node of {@code catalinaHome} with {@code war}, under {@code target/<suite>/<name>}; {@code settings}
     * are its environment (CLERK_…, DATABASE_…), {@code heap} its {@code -Xmx}.
     */
    static Node prepare(Path catalinaHome, Path war, String suite, String name, Map<String, String> settings,
            String heap) throws IOException {
        Path base = Path.of("target", suite, name).toAbsolutePath();
        CatalinaRun catalina = CatalinaRun.prepare(catalinaHome, war, base, CatalinaRun.freePort());
        // Hardened as tomcat-config/README.md tells operators: the suites judge what an operator would run.
        ServerXml.applyHardening(Path.of(System.getProperty("tomcat.config.dir", "tomcat-config"), "server-hardening.xml"),
                base.resolve("conf/server.xml"));
        return new Node(name, catalina, Map.copyOf(settings), heap);
    }

    String name() {
        return name;
    }

    URI webhookUri() {
        return URI.create(catalina.contextUrl() + "/webhooks/clerk");
    }

    URI uri(String path) {
        return URI.create(catalina.contextUrl() + path);
    }

    URI contextUri() {
        return URI.create(catalina.contextUrl());
    }

    long pid() {
        return catalina.pid();
    }

    /** Starts Tomcat (again, after a kill: same base, same port) and waits for {@code /health} to answer 200. */
    void start() throws IOException, InterruptedException {
        Path console = catalina.base().resolve("logs/console.out");
        Files.createDirectories(console.getParent());
        catalina.start(builder -> {
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(key -> key.startsWith("CLERK_") || key.startsWith("DATABASE_")
                    || key.startsWith("CATALINA_") || key.equals("JAVA_OPTS") || key.equals("JRE_HOME"));
            env.putAll(settings);
            env.put("CATALINA_OPTS", "-Xms64m -Xmx" + heap);
        });
        CatalinaRun.Health health = catalina.awaitHealth(START_TIMEOUT);
        if (health.outcome() != CatalinaRun.Health.Outcome.UP) {
            throw new AssertionError(name + " did not come up (" + health + "):\n" + console());
        }
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no undeploy, connections cut mid-request. */
    void kill9() {
        catalina.kill();
    }

    boolean isAlive() {
        return catalina.isAlive();
    }

    /** SIGTERM and wait; SIGKILL when it does not go. */
    void stop() throws InterruptedException {
        if (!catalina.terminate(STOP_TIMEOUT)) {
            catalina.kill();
        }
    }

    String console() {
        try {
            return Files.readString(catalina.base().resolve("logs/console.out"));
        } catch (IOException e) {
            return "(no console: " + e + ")";
        }
    }

    Path logs() {
        return catalina.base().resolve("logs");
    }

    @Override
    public void close() {
        catalina.kill();
    }

}
