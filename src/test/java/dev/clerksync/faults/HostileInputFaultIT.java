package dev.clerksync.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.fixtures.SessionTokens;
import dev.clerksync.support.RawHttp;
import dev.clerksync.support.TestDatabase;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input suite: over 10 000 malformed, unsigned, oversized and signed-but-absurd requests and
 * over 1 000 mutated session tokens, class by class, against one stock Tomcat node running the WAR at
 * {@code -Xmx256m}. Every answer must be below 500, an error must be problem+json without a stack
 * trace, SQL, server version or secret, unauthenticated input must change no row, and the JVM must be
 * healthy afterwards. Prints a table of answers per class, then fails listing every class that broke a
 * rule. Runs only with {@code -Pfaults} (docs/fault-suites.md).
 */
class HostileInputFaultIT {

    private static final Path WAR = Path.of("target/clerk-sync.war");
    private static final Duration TIME_BOUND = Duration.ofMinutes(5);
    private static final int THREADS = 4;
    private static final int EXAMPLES = 3;
    private static final long HEALTHY_HEAP_BYTES = 192L * 1024 * 1024;
    private static final String SNAPSHOT_USERS = "select md5(coalesce(string_agg(u::text, '|' order by u.id), ''))"
            + " || md5(coalesce((select string_agg(t::text, '|' order by t.user_id) from user_tombstones t), ''))"
            + " || md5(coalesce((select string_agg(o::text, '|' order by o.id) from organizations o), ''))"
            + " || md5(coalesce((select string_agg(m::text, '|' order by m.id) from organization_memberships m), ''))"
            + " from users u";
    private static final String SNAPSHOT_EVENTS = "select count(*) || '/' || md5(coalesce(string_agg(e.svix_id || e.outcome,"
            + " '|' order by e.svix_id), '')) || '/' || (select count(*) from role_changes) from webhook_events e";

    private Node node;
    private ClerkBackendStandIn clerk;

    /** What one class got, answer by answer. */
    private static final class Tally {
        final String name;
        int requests;
        int ok;
        int redirect;
        int client;
        int server;
        int noAnswer;
        int notProblemJson;
        int leaks;
        int accepted;
        boolean rowsChanged;
        double seconds;
        final Map<Integer, Integer> statuses = new TreeMap<>();
        final List<String> examples = new ArrayList<>();

        Tally(String name) {
            this.name = name;
        }

        boolean failed() {
            return server > 0 || notProblemJson > 0 || leaks > 0 || accepted > 0 || rowsChanged;
        }

        String problems() {
            List<String> problems = new ArrayList<>();
            if (server > 0) {
                problems.add(server + " answers >= 500");
            }
            if (notProblemJson > 0) {
                problems.add(notProblemJson + " errors not problem+json");
            }
            if (leaks > 0) {
                problems.add(leaks + " leaks");
            }
            if (accepted > 0) {
                problems.add(accepted + " accepted (2xx) where 4xx is due");
            }
            if (rowsChanged) {
                problems.add("rows changed");
            }
            return String.join(", ", problems);
        }
    }

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        if (clerk != null) {
            clerk.close();
        }
    }

    @Test
    void noHostileRequestGetsA5xxLeaksAnythingOrChangesARowAndTheJvmStaysHealthy() throws Exception {
        TestDatabase db = TestEnvironment.database();
        clerk = new ClerkBackendStandIn();
        clerk.jwks(SessionTokens.jwks());
        Map<String, String> settings = new HashMap<>();
        settings.put("DATABASE_URL", db.directUrl());
        settings.put("DATABASE_USER", db.user() == null ? "" : db.user());
        settings.put("CLERK_WEBHOOK_SIGNING_SECRET", TestEnvironment.SIGNING_SECRET);
        settings.put("CLERK_SECRET_KEY", ClerkBackendStandIn.SECRET_KEY);
        settings.put("CLERK_API_URL", clerk.baseUrl().toString());
        settings.put("CLERK_API_TIMEOUT_SECONDS", "2");
        settings.put("CLERK_JWT_KEY", SessionTokens.publicPem());
        settings.put("CLERK_ISSUER", SessionTokens.ISSUER);
        settings.put("CLERK_AUTHORIZED_PARTIES", SessionTokens.AUTHORIZED_PARTY);
        // The flood comes from two callers: at the default rate limit most of it would meet a 429 and
        // never reach the code it is meant to test (RateLimitIT proves the limit itself).
        settings.put("CLERK_SYNC_API_RATE_PER_MINUTE", "100000");
        settings.put("CLERK_SYNC_CLERK_CALLS_PER_SECOND", "1000");
        if (db.password() != null) {
            settings.put("DATABASE_PASSWORD", db.password());
        }
        node = Node.prepare(NodeAndDatabaseFaultIT.tomcat10(), WAR, "hostile", "node", settings, "256m");
        node.start();

        String adminId = ClerkEvents.newUserId();
        String userId = ClerkEvents.newUserId();
        Webhooks webhooks = new Webhooks(URI.create(node.contextUri() + "/").toURL());
        assertEquals(200, webhooks.delivery(ClerkEvents.userCreated(adminId).role("admin").json()).post().status());
        assertEquals(200, webhooks.delivery(ClerkEvents.userCreated(userId).json()).post().status());

        URI context = node.contextUri();
        RawHttp http = new RawHttp(context.getHost(), context.getPort());
        HostileInputs inputs = new HostileInputs(Long.getLong("faults.seed", System.nanoTime()), adminId, userId);
        List<String> secrets = List.of(TestEnvironment.SIGNING_SECRET,
                TestEnvironment.SIGNING_SECRET.substring("whsec_".length()), ClerkBackendStandIn.SECRET_KEY);

        List<Tally> tallies = new ArrayList<>();
        long started = System.nanoTime();
        int jwtRequests = 0;
        int otherRequests = 0;
        boolean finished = true;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (HostileInputs.HostileClass hostile : inputs.classes()) {
                if (System.nanoTime() - started > TIME_BOUND.toNanos()) {
                    finished = false;
                    break;
                }
                Tally tally = run(hostile, http, pool, db, secrets);
                tallies.add(tally);
                if (hostile.name().startsWith("jwt")) {
                    jwtRequests += tally.requests;
                } else {
                    otherRequests += tally.requests;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;

        String heap = heapAfterGc(node.pid());
        int health = new RawHttp(context.getHost(), context.getPort())
                .exchange("GET " + HostileInputs.CONTEXT + "/health HTTP/1.1\r\nHost: localhost\r\nConnection: close",
                        new byte[0]).status();
        printTable(tallies, otherRequests, jwtRequests, elapsed, heap, health);

        List<String> failing = tallies.stream().filter(Tally::failed).map(t -> t.name + ": " + t.problems()).toList();
        assertTrue(finished, "the classes did not all run within " + TIME_BOUND);
        assertTrue(otherRequests >= 10_000, "only " + otherRequests + " hostile requests besides tokens");
        assertTrue(jwtRequests >= 1_000, "only " + jwtRequests + " mutated tokens");
        assertTrue(node.isAlive(), "Tomcat died");
        assertEquals(200, health, "/health after the run");
        assertTrue(heapUsed(heap) < HEALTHY_HEAP_BYTES, "heap after GC: " + heap);
        assertEquals(List.of(), failing, "classes that broke a rule");
    }

    private static Tally run(HostileInputs.HostileClass hostile, RawHttp http, ExecutorService pool, TestDatabase db,
            List<String> secrets) throws Exception {
        Tally tally = new Tally(hostile.name());
        String usersBefore = snapshot(db, SNAPSHOT_USERS);
        String eventsBefore = snapshot(db, SNAPSHOT_EVENTS);
        long started = System.nanoTime();
        List<HostileRequest> requests = hostile.requests().get();
        List<Callable<RawHttp.Answer>> calls = new ArrayList<>();
        for (HostileRequest request : requests) {
            calls.add(() -> http.exchange(request.head(), request.body()));
        }
        List<Future<RawHttp.Answer>> answers = pool.invokeAll(calls);
        for (int i = 0; i < requests.size(); i++) {
            judge(tally, requests.get(i), answers.get(i).get(), secrets);
        }
        tally.seconds = (System.nanoTime() - started) / 1e9;
        boolean usersChanged = !usersBefore.equals(snapshot(db, SNAPSHOT_USERS));
        boolean eventsChanged = !eventsBefore.equals(snapshot(db, SNAPSHOT_EVENTS));
        tally.rowsChanged = hostile.kind() == HostileInputs.Kind.UNAUTHENTICATED ? usersChanged || eventsChanged
                : usersChanged && tally.ok == 0;
        return tally;
    }

    private static void judge(Tally tally, HostileRequest request, RawHttp.Answer answer, List<String> secrets) {
        tally.requests++;
        int status = answer.status();
        if (status < 0) {
            tally.noAnswer++;
            return;
        }
        tally.statuses.merge(status, 1, Integer::sum);
        String problem = null;
        if (isTomcatsOwnCONNECTRefusal(request, status)) {
            tally.client++;
        } else if (status >= 500) {
            tally.server++;
            problem = "status " + status;
        } else if (status >= 400) {
            tally.client++;
        } else if (status >= 300) {
            tally.redirect++;
        } else {
            tally.ok++;
            if (request.mustReject()) {
                tally.accepted++;
                problem = "accepted";
            }
        }
        boolean hasBody = !request.head().startsWith("HEAD ") && status != 204 && status != 304;
        String type = answer.header("Content-Type");
        if (status >= 400 && hasBody && (type == null || !type.startsWith("application/problem+json"))
                && !isTomcatsBareReport(request, answer)) {
            tally.notProblemJson++;
            problem = problem == null ? "Content-Type " + type : problem + ", Content-Type " + type;
        }
        String leak = leak(answer.all(), secrets);
        if (leak != null) {
            tally.leaks++;
            problem = problem == null ? "leaks " + leak : problem + ", leaks " + leak;
        }
        if (problem != null && tally.examples.size() < EXAMPLES) {
            String line = request.head().substring(0, request.head().indexOf("\r\n"));
            String body = new String(request.body(), 0, Math.min(request.body().length, 400), StandardCharsets.UTF_8);
            tally.examples.add(abbreviate(line, 90) + " " + abbreviate(body, 70) + " -> " + status + " (" + problem + "): "
                    + abbreviate(answer.body().replaceAll("\\s+", " "), 160));
        }
    }

    /**
     * Tomcat answers CONNECT with 501 in its connector, before any valve or web application, and no
     * setting changes that; RFC 9110 makes 501 the answer for a method the server supports nowhere.
     */
    private static boolean isTomcatsOwnCONNECTRefusal(HostileRequest request, int status) {
        return status == 501 && request.head().startsWith("CONNECT ");
    }

    /**
     * The hardened Host's error report (tomcat-config/server-hardening.xml): Tomcat's answer to what it
     * refuses before the WAR sees it (a head over 8 KB, %00 or a bad escape in the path, CONNECT) or
     * that is outside the WAR's context path (404), bare HTML without stack trace or version;
     * {@link #leak} still checks it.
     */
    private static boolean isTomcatsBareReport(HostileRequest request, RawHttp.Answer answer) {
        String type = answer.header("Content-Type");
        boolean outsideTheWar = !request.head().contains(" " + HostileInputs.CONTEXT + "/");
        return type != null && type.startsWith("text/html") && answer.body().contains("<title>HTTP Status ")
                && (answer.status() == 400 || answer.status() == 501 || answer.status() == 404 && outsideTheWar);
    }

    /** What an error answer must never carry: a stack trace, SQL, the server's version, a secret. */
    private static String leak(String answer, List<String> secrets) {
        for (String secret : secrets) {
            if (answer.contains(secret)) {
                return "a secret";
            }
        }
        for (String needle : List.of("\tat ", "at dev.clerksync.", "at org.", "at java.", "Exception", "Caused by",
                "org.postgresql", "org.hibernate", "SQLState", "SQL state", "insert into", "select ", "ERROR: ",
                "Apache Tomcat/")) {
            if (answer.contains(needle)) {
                return "\"" + needle.trim() + "\"";
            }
        }
        return null;
    }

    private static String snapshot(TestDatabase db, String sql) {
        return db.query(sql).get(0).values().iterator().next().toString();
    }

    /** {@code jcmd PID GC.run}, then the heap figures of {@code GC.heap_info}. */
    private static String heapAfterGc(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(pid), "GC.run");
        String info = run(jcmd, Long.toString(pid), "GC.heap_info");
        Matcher total = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
        return total.find() ? String.format(Locale.ROOT, "used %d MB of %d MB committed (-Xmx256m)",
                Long.parseLong(total.group(2)) / 1024, Long.parseLong(total.group(1)) / 1024) : "unknown: " + info;
    }

    private static long heapUsed(String heap) {
        Matcher used = Pattern.compile("used (\\d+) MB").matcher(heap);
        return used.find() ? Long.parseLong(used.group(1)) * 1024 * 1024 : Long.MAX_VALUE;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private static void printTable(List<Tally> tallies, int other, int jwt, double elapsed, String heap, int health) {
        System.out.println();
        System.out.println("=== hostile-input suite: 1 stock Tomcat node at -Xmx256m ===");
        System.out.printf(Locale.ROOT, "%-52s %6s %5s %5s %5s %5s %5s %6s %5s %5s %4s %6s  %s%n", "class", "reqs", "2xx",
                "3xx", "4xx", ">=500", "none", "!prob", "leak", "acc", "rows", "s", "statuses");
        for (Tally t : tallies) {
            System.out.printf(Locale.ROOT, "%-52s %6d %5d %5d %5d %5d %5d %6d %5d %5d %4s %6.1f  %s%s%n",
                    abbreviate(t.name, 52), t.requests, t.ok, t.redirect, t.client, t.server, t.noAnswer,
                    t.notProblemJson, t.leaks, t.accepted, t.rowsChanged ? "CHG" : "ok", t.seconds, t.statuses,
                    t.failed() ? "  <-- FAILS" : "");
        }
        System.out.printf(Locale.ROOT, "requests: %d hostile + %d mutated tokens in %.1f s; heap after GC: %s;"
                + " /health %d%n", other, jwt, elapsed, heap, health);
        System.out.println("(none: no HTTP answer, e.g. reset while the body was still being sent; !prob: an error"
                + " not as problem+json; acc: 2xx where the contract says 4xx; rows: a row changed that must not)");
        for (Tally t : tallies) {
            if (t.failed()) {
                System.out.println("FAILING " + t.name + ": " + t.problems());
                t.examples.forEach(example -> System.out.println("    e.g. " + example));
            }
        }
    }

    private static String abbreviate(String text, int max) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= max ? printable : printable.substring(0, max - 1) + "…";
    }
}
