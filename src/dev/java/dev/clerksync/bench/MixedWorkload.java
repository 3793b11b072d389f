package dev.clerksync.bench;

import static dev.clerksync.bench.Stats.millis;
import static dev.clerksync.bench.Stats.percentile;

import com.svix.Webhook;
import dev.clerksync.fixtures.workload.PlannedDelivery;
import dev.clerksync.fixtures.workload.SignedDelivery;
import dev.clerksync.fixtures.workload.StateCheck;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * The mixed workload (the default): Clerk's {@code user.created} / {@code user.updated} /
 * {@code user.deleted} at 60/35/5, realistic user objects, {@code bench.duplicates} % of the events
 * delivered twice, for each duplicate order in {@code bench.dupOrder} a set of rounds. Every round
 * starts with new users, is checked against the state its sender expects, and is followed by
 * pgbench running the same per-event database work ({@link MixedPgbenchScripts}). The same rounds
 * carry the {@link Traffic#B2B} traffic (users with organizations and memberships), checked table by
 * table, without pgbench.
 */
public final class MixedWorkload {


    private final BenchOptions options;
    private final Traffic traffic;
    private final LoadRunner load;
    private final Webhook signer;
    private final TargetDatabase database;
    private final Path work;
    private final Path log;
    private final SplittableRandom random;
    private final String pgbenchRun = UUID.randomUUID().toString().substring(0, 8);
    private int pgbenchRuns;

    MixedWorkload(BenchOptions options, Traffic traffic, LoadRunner load, Webhook signer, TargetDatabase database,
            Path work, Path log) {
        this.options = options;
        this.traffic = traffic;
        this.load = load;
        this.signer = signer;
        this.database = database;
        this.work = work;
        this.log = log;
        this.random = new SplittableRandom(options.seed());
    }

    /** An unmeasured round of the same traffic, so that the measured ones meet a warm JVM. */
    void warmUp() throws Exception {
        MixedRound warmUp = runRound(options.warmup(), options.duplicateOrders().get(0), 0);
        System.out.printf(Locale.ROOT, "%s warm-up (not measured): %s%n", traffic.label, warmUp.describe());
    }

    /** Runs every duplicate order's rounds; answers each order's summary for the final comparison. */
    Map<DuplicateOrder, Verdict> runMeasuredRounds(Pgbench installed) throws Exception {
        Pgbench pgbench = traffic.pgbench ? installed : null;
        Map<DuplicateOrder, Verdict> verdicts = new LinkedHashMap<>();
        List<String> scripts = pgbench == null ? List.of() : MixedPgbenchScripts.write(work);
        for (DuplicateOrder order : options.duplicateOrders()) {
            List<MixedRound> rounds = new ArrayList<>();
            List<PgbenchResult> ceiling = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                MixedRound result = measuredRound(round, order);
                rounds.add(result);
                if (pgbench != null) {
                    PgbenchResult pg = pgbench.run(scripts, pgbenchDefines());
                    ceiling.add(pg);
                    System.out.printf(Locale.ROOT, "round %d pgbench mixed: %s  ratio %.3f%n", round, pg,
                            result.load().throughput() / pg.tps());
                }
            }
            verdicts.put(order, printSummary(order, rounds, ceiling, pgbench));
        }
        return verdicts;
    }

    /** One measured round of {@code order}'s traffic, its lines printed. */
    MixedRound measuredRound(int round, DuplicateOrder order) throws Exception {
        MixedRound result = runRound(options.requestsInRound(round), order, options.seconds());
        System.out.printf(Locale.ROOT, "round %d %s/%s: %s%n", round, traffic.label, order.label(), result.describe());
        return result;
    }

    /**
     * Plans and signs the round, posts it, then checks the table against what the sender expects and
     * reads the round's batch sizes from the server's log. Prints nothing ({@link Soak} prints by minute).
     */
    MixedRound runRound(int deliveries, DuplicateOrder order, double seconds) throws Exception {
        MixedPlan plan = MixedPlan.create(traffic, options.clients(), deliveries, order, options.duplicatePercent(),
                random.split());
        long logStart = BatchSizes.logEnd(log);
        RoundResult result = load.post(client -> sign(plan.perClient.get(client)), seconds);
        List<StateCheck> checks;
        try (Connection connection = database.connect()) {
            checks = traffic.check(connection, plan.perClient, result.statuses());
        }
        BatchSizes batches = BatchSizes.read(log, logStart, plan.svixIds());
        int[] sent = result.statuses().stream().mapToInt(statuses -> statuses.length).toArray();
        return new MixedRound(result, plan.mix(sent), checks, batches);
    }

    /** A duplicate is signed anew, as Svix signs each attempt, with its original's svix-id and body. */
    private List<SignedDelivery> sign(List<PlannedDelivery> deliveries) throws Exception {
        List<SignedDelivery> signed = new ArrayList<>(deliveries.size());
        for (PlannedDelivery delivery : deliveries) {
            signed.add(SignedDelivery.signed(signer, delivery.svixId(), delivery.body()));
        }
        return signed;
    }

    /** A new user-id prefix per pgbench run, so that no run updates or deletes another run's users. */
    private Map<String, String> pgbenchDefines() {
        return Map.of("prefix", "user_pgb" + pgbenchRun + "r" + ++pgbenchRuns + "c", "made", "0");
    }

    /**
     * An order's rounds in figures: medians of deliveries/s and of p99 over the rounds, and the line
     * that puts them beside the rest.
     */
    record Verdict(double throughput, double p99Millis, String line) {

        static double throughput(List<MixedRound> rounds) {
            return median(loads(rounds), RoundResult::throughput);
        }

        static double p99Millis(List<MixedRound> rounds) {
            return median(loads(rounds), r -> millis(percentile(r.latencies(), 99)));
        }
    }

    private Verdict printSummary(DuplicateOrder order, List<MixedRound> rounds, List<PgbenchResult> ceiling,
            Pgbench pgbench) {
        List<RoundResult> loads = loads(rounds);
        double throughput = Verdict.throughput(rounds);
        double p99 = Verdict.p99Millis(rounds);
        int non2xx = rounds.stream().mapToInt(MixedRound::non2xx).sum();
        int mismatches = rounds.stream().mapToInt(MixedRound::mismatches).sum();
        System.out.println();
        String name = String.format(Locale.ROOT, "%-8s ", traffic.label);
        System.out.printf(Locale.ROOT, "=== summary: %s workload, duplicates %s (%d cores, %d clients, %d rounds;"
                        + " medians over rounds, counts summed) ===%n", traffic.label, order.label(),
                Runtime.getRuntime().availableProcessors(), options.clients(), rounds.size());
        System.out.printf(Locale.ROOT, name + "deliveries %d  throughput %.1f deliveries/s  latency p50 %.2f ms"
                        + "  p95 %.2f ms  p99 %.2f ms  non-2xx %d  mismatches %d%n",
                loads.stream().mapToInt(RoundResult::requests).sum(), throughput,
                median(loads, r -> millis(percentile(r.latencies(), 50))),
                median(loads, r -> millis(percentile(r.latencies(), 95))),
                p99, non2xx, mismatches);
        System.out.printf(Locale.ROOT, name + "server cpu per delivery %.2f ms (server JVM: Tomcat, WAR); its PostgreSQL"
                        + " %.2f ms; other %.2f ms (load client JVM %.2f ms of it); whole machine %.2f ms%n",
                median(loads, RoundResult::serverCpuMillis), median(loads, RoundResult::postgresCpuMillis),
                median(loads, RoundResult::otherCpuMillis), median(loads, RoundResult::clientCpuMillis),
                median(loads, RoundResult::machineCpuMillis));
        BatchSizes batches = BatchSizes.merge(rounds.stream().map(MixedRound::batches).toList());
        System.out.println(name + batches.summary() + " (all rounds)");
        if (batches.reported()) {
            System.out.println(name + batches.histogram() + " (deliveries per batch size)");
        }
        String ratio = "no pgbench";
        if (!ceiling.isEmpty()) {
            double tps = Stats.median(ceiling.stream().mapToDouble(PgbenchResult::tps).toArray());
            System.out.printf(Locale.ROOT, "pgbench  same per-event work (created/updated/deleted 60/35/5), %d clients,"
                            + " %d s per round  tps %.1f  latency avg %.2f ms  failed %d  cpu/transaction %.2f ms%n",
                    options.clients(), pgbench.seconds(), tps,
                    Stats.median(ceiling.stream().mapToDouble(PgbenchResult::latencyMillis).toArray()),
                    ceiling.stream().mapToLong(PgbenchResult::failed).sum(),
                    Stats.median(ceiling.stream().mapToDouble(PgbenchResult::machineCpuMillis).toArray()));
            ratio = String.format(Locale.ROOT, "ratio %.3f", throughput / tps);
            System.out.printf(Locale.ROOT, "ratio    mixed deliveries/s / pgbench tps = %.3f%n", throughput / tps);
        }
        return new Verdict(throughput, p99, String.format(Locale.ROOT, "%.1f deliveries/s  %s  p99 %.2f ms  non-2xx %d"
                        + "  mismatches %d  server cpu/delivery %.2f ms", throughput, ratio, p99, non2xx, mismatches,
                median(loads, RoundResult::serverCpuMillis)));
    }

    private static List<RoundResult> loads(List<MixedRound> rounds) {
        return rounds.stream().map(MixedRound::load).toList();
    }

    private static double median(List<RoundResult> rounds, ToDoubleFunction<RoundResult> figure) {
        return Stats.median(rounds.stream().mapToDouble(figure).toArray());
    }
}
