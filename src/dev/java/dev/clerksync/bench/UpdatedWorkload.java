package dev.clerksync.bench;

import static dev.clerksync.bench.Stats.median;
import static dev.clerksync.bench.Stats.millis;
import static dev.clerksync.bench.Stats.percentile;

import com.svix.Webhook;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.fixtures.workload.SignedDelivery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code user.updated}-only workload ({@code -Dbench.workload=updated}): {@code bench.users} users,
 * created through the webhook, then deliveries that each bring one of them a newer version. Each
 * client thread has its own users, so deliveries never contend for a user: the webhook path at its
 * simplest, next to pgbench running the exact statements one such delivery runs.
 */
final class UpdatedWorkload {

    // Creation version of every benchmark user; each delivery carries a newer one.
    private static final long CREATED_VERSION = 1_700_000_000_000L;

    private final BenchOptions options;
    private final LoadRunner load;
    private final Webhook signer;
    private final Path work;
    private final String userPrefix = "user_bench" + UUID.randomUUID().toString().substring(0, 8) + "_";
    // Version last sent per user; a user belongs to one client thread, so versions only grow.
    private final long[] versions;

    UpdatedWorkload(BenchOptions options, LoadRunner load, Webhook signer, Path work) {
        this.options = options;
        this.load = load;
        this.signer = signer;
        this.work = work;
        this.versions = new long[options.users()];
        Arrays.fill(versions, CREATED_VERSION);
    }

    /** Creates the users and posts the unmeasured warm-up. */
    void prepare() throws Exception {
        createUsers();
        runRound(options.warmup(), 0);
    }

    void runMeasuredRounds(Pgbench pgbench) throws Exception {
        List<RoundResult> webhook = new ArrayList<>();
        List<PgbenchResult> ceiling = new ArrayList<>();
        List<String> script = List.of("--file=" + writePgbenchScript().toAbsolutePath());
        Map<String, String> defines = Map.of("prefix", userPrefix, "clients", Integer.toString(options.clients()),
                "per_client", Integer.toString(options.users() / options.clients()));
        for (int round = 1; round <= options.rounds(); round++) {
            RoundResult result = runRound(options.requestsInRound(round), options.seconds());
            webhook.add(result);
            System.out.printf(Locale.ROOT, "round %d webhook: %s%n", round, result);
            if (pgbench != null) {
                PgbenchResult pg = pgbench.run(script, defines);
                ceiling.add(pg);
                System.out.printf(Locale.ROOT, "round %d pgbench: %s%n", round, pg);
            }
        }
        printSummary(webhook, ceiling, pgbench);
    }

    /** Creates every benchmark user through the webhook itself, so the rows are what the WAR writes. */
    private void createUsers() throws Exception {
        long started = System.nanoTime();
        RoundResult created = load.post(client -> {
            List<SignedDelivery> deliveries = new ArrayList<>();
            for (int user = client; user < options.users(); user += options.clients()) {
                String body = ClerkEvents.userCreated(userId(user)).updatedAt(CREATED_VERSION).json();
                deliveries.add(SignedDelivery.signed(signer, body));
            }
            return deliveries;
        });
        if (created.errors() > 0 || created.notApplied() > 0) {
            throw new IllegalStateException("creating the benchmark users failed: " + created);
        }
        System.out.printf(Locale.ROOT, "created %d users through the webhook in %d ms%n", options.users(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * {@code count} user.updated deliveries, each with a new svix-id and a newer version of its user;
     * with {@code seconds} above 0, fewer if that time runs out first.
     */
    private RoundResult runRound(int count, double seconds) throws Exception {
        return load.post(client -> {
            List<SignedDelivery> deliveries = new ArrayList<>();
            int owned = ownedUsers(client);
            int perClient = count / options.clients() + (client < count % options.clients() ? 1 : 0);
            for (int i = 0; i < perClient; i++) {
                int user = client + options.clients() * (i % owned);
                long version = ++versions[user];
                String body = ClerkEvents.userUpdated(userId(user))
                        .name("Ada" + (version - CREATED_VERSION), "Lovelace")
                        .updatedAt(version)
                        .json();
                deliveries.add(SignedDelivery.signed(signer, body));
            }
            return deliveries;
        }, seconds);
    }

    private int ownedUsers(int client) {
        return (options.users() - client + options.clients() - 1) / options.clients();
    }

    private String userId(int user) {
        return userPrefix + user;
    }

    /**
     * The statements one user.updated delivery runs, in its order, as Hibernate sends them (read
     * off PostgreSQL's log_statement, see docs/benchmarks.md): lock the user, look up the svix-id,
     * load the user, then at flush record the delivery and update every column of the row. Each client
     * works on its own users, as the webhook clients do; the svix-id is new each time. The update keeps
     * clerk_updated_at at the creation version so that later webhook rounds still carry a newer one.
     */
    private Path writePgbenchScript() throws IOException {
        String script = """
                \\set n :client_id + :clients * random(0, :per_client - 1)
                \\set r random(1, 1000000000000000)
                BEGIN;
                select 1 from pg_advisory_xact_lock(hashtextextended(:prefix || :n, 0));
                select svix_id, attempts, error, event_type, outcome, payload, processed_at, received_at, user_id from webhook_events where svix_id = 'pgbench_' || :client_id || '_' || :r;
                select id, banned, clerk_created_at, clerk_updated_at, created_at, display_name, email, first_name, image_url, last_name, last_sign_in_at, phone_number, provisional, public_metadata, role, updated_at, username from users where id = :prefix || :n;
                insert into webhook_events (event_type, user_id, attempts, error, outcome, payload, processed_at, received_at, svix_id) values ('user.updated', :prefix || :n, 1, null, 'applied', null, now(), now(), 'pgbench_' || :client_id || '_' || :r);
                update users set banned = false, clerk_created_at = to_timestamp(1654012591.514), clerk_updated_at = to_timestamp(1700000000), created_at = created_at, display_name = 'Ada' || :r || ' Lovelace', email = lower(:prefix || :n) || '@example.com', first_name = 'Ada' || :r, image_url = 'https://img.clerk.com/xxxxxx', last_name = 'Lovelace', last_sign_in_at = to_timestamp(1654012591.514), phone_number = null, provisional = false, public_metadata = '{}'::jsonb, role = 'user', updated_at = now(), username = username where id = :prefix || :n;
                COMMIT;
                """;
        Path file = work.resolve("user-updated.pgbench.sql");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        return file;
    }

    private void printSummary(List<RoundResult> webhook, List<PgbenchResult> ceiling, Pgbench pgbench) {
        double throughput = median(webhook.stream().mapToDouble(RoundResult::throughput).toArray());
        long[] all = webhook.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
        System.out.println();
        System.out.printf(Locale.ROOT, "=== summary: user.updated workload (%d cores, %d clients, %d users, %d rounds;"
                        + " medians over rounds) ===%n",
                Runtime.getRuntime().availableProcessors(), options.clients(), options.users(), webhook.size());
        System.out.printf(Locale.ROOT, "webhook  requests %d  throughput %.1f req/s  latency p50 %.2f ms  p95 %.2f ms"
                        + "  p99 %.2f ms  errors %d  not applied %d%n",
                all.length, throughput, millis(percentile(all, 50)), millis(percentile(all, 95)),
                millis(percentile(all, 99)), webhook.stream().mapToInt(RoundResult::errors).sum(),
                webhook.stream().mapToInt(RoundResult::notApplied).sum());
        System.out.printf(Locale.ROOT, "webhook  cpu per request %.2f ms (whole machine), of which server JVM (Tomcat, WAR)"
                        + " %.2f ms, load client JVM %.2f ms%n",
                median(webhook.stream().mapToDouble(RoundResult::machineCpuMillis).toArray()),
                median(webhook.stream().mapToDouble(RoundResult::serverCpuMillis).toArray()),
                median(webhook.stream().mapToDouble(RoundResult::clientCpuMillis).toArray()));
        if (ceiling.isEmpty()) {
            return;
        }
        double tps = median(ceiling.stream().mapToDouble(PgbenchResult::tps).toArray());
        double latency = median(ceiling.stream().mapToDouble(PgbenchResult::latencyMillis).toArray());
        System.out.printf(Locale.ROOT, "pgbench  same transaction, %d clients, %d s per round  tps %.1f  latency avg %.2f ms"
                        + "  failed %d%n",
                options.clients(), pgbench.seconds(), tps, latency,
                ceiling.stream().mapToLong(PgbenchResult::failed).sum());
        System.out.printf(Locale.ROOT, "pgbench  cpu per transaction %.2f ms (PostgreSQL and pgbench)%n",
                median(ceiling.stream().mapToDouble(PgbenchResult::machineCpuMillis).toArray()));
        System.out.printf(Locale.ROOT, "ratio    webhook throughput / pgbench tps = %.3f%n", throughput / tps);
        System.out.println("pgbench per statement (ms, last round):");
        ceiling.get(ceiling.size() - 1).perStatement().forEach(line -> System.out.println("  " + line));
    }
}
