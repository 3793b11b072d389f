package dev.clerksync.bench;

import static dev.clerksync.bench.Stats.millis;
import static dev.clerksync.bench.Stats.percentile;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * One round as {@link LoadClient} saw it, with the CPU spent while it posted.
 *
 * @param latencies     every request's latency, sorted
 * @param statuses      per client, the HTTP status of each request it sent, in its order
 * @param outcomeCounts per {@link LoadClient#OUTCOMES} entry (and a last one for anything else), how many
 *                      2xx answers named it
 * @param errors        answers other than 2xx (and requests without an answer)
 * @param notApplied    2xx answers other than {@code applied} (duplicates, stale events)
 * @param refusedWithRetryAfter 503 answers that carried a {@code Retry-After} header
 */
record RoundResult(long[] latencies, List<short[]> statuses, int[] outcomeCounts, int errors, int notApplied,
        int refusedWithRetryAfter, long elapsedNanos, CpuUse.Spent cpu, long clientCpuNanos) {

    /** Reads what {@link LoadClient} wrote (see its format there). */
    static RoundResult read(Path results, CpuUse.Spent cpu) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(results)))) {
            long elapsed = in.readLong();
            long clientCpu = in.readLong();
            List<long[]> latencies = new ArrayList<>();
            List<short[]> statuses = new ArrayList<>();
            int[] outcomes = new int[LoadClient.OUTCOMES.size() + 1];
            int errors = 0;
            int notApplied = 0;
            int retryAfter = 0;
            while (in.available() > 0) {
                int sent = in.readInt();
                long[] clientLatencies = new long[sent];
                short[] clientStatuses = new short[sent];
                for (int i = 0; i < sent; i++) {
                    clientLatencies[i] = in.readLong();
                    clientStatuses[i] = in.readShort();
                    int outcome = in.readByte();
                    boolean saidRetryAfter = in.readByte() == 1;
                    if (clientStatuses[i] == 503 && saidRetryAfter) {
                        retryAfter++;
                    }
                    if (!isSuccess(clientStatuses[i])) {
                        errors++;
                        continue;
                    }
                    outcomes[outcome]++;
                    if (outcome != 0) {
                        notApplied++;
                    }
                }
                latencies.add(clientLatencies);
                statuses.add(clientStatuses);
            }
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new RoundResult(all, statuses, outcomes, errors, notApplied, retryAfter, elapsed, cpu, clientCpu);
        }
    }

    /** Rounds run one after another as one: their requests, answers, time and CPU added up. */
    static RoundResult merge(List<RoundResult> rounds) {
        long[] all = rounds.stream().flatMapToLong(round -> Arrays.stream(round.latencies)).sorted().toArray();
        int[] outcomes = new int[LoadClient.OUTCOMES.size() + 1];
        rounds.forEach(round -> Arrays.setAll(outcomes, i -> outcomes[i] + round.outcomeCounts[i]));
        return new RoundResult(all, rounds.stream().flatMap(round -> round.statuses.stream()).toList(), outcomes,
                rounds.stream().mapToInt(RoundResult::errors).sum(),
                rounds.stream().mapToInt(RoundResult::notApplied).sum(),
                rounds.stream().mapToInt(RoundResult::refusedWithRetryAfter).sum(),
                rounds.stream().mapToLong(RoundResult::elapsedNanos).sum(),
                rounds.stream().map(RoundResult::cpu).reduce(CpuUse.Spent::plus).orElseThrow(),
                rounds.stream().mapToLong(RoundResult::clientCpuNanos).sum());
    }

    /** Requests whose answer had this status ({@link LoadClient#NO_ANSWER} for none). */
    int withStatus(int status) {
        int count = 0;
        for (short[] client : statuses) {
            for (short answer : client) {
                if (answer == status) {
                    count++;
                }
            }
        }
        return count;
    }

    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    int requests() {
        return latencies.length;
    }

    double machineCpuMillis() {
        return cpu.machineMillis() / latencies.length;
    }

    /** This JVM: Tomcat and the WAR, with no client in it. */
    double serverCpuMillis() {
        return cpu.processMillis() / latencies.length;
    }

    double clientCpuMillis() {
        return clientCpuNanos / 1e6 / latencies.length;
    }

    /** The PostgreSQL processes serving the benchmark's database; NaN when they were not found. */
    double postgresCpuMillis() {
        return cpu.postgresMillis() / latencies.length;
    }

    /** The whole machine less the server JVM and the database: the load client, the kernel, anyone else. */
    double otherCpuMillis() {
        double postgres = Double.isNaN(cpu.postgresMillis()) ? 0 : cpu.postgresMillis();
        return (cpu.machineMillis() - cpu.processMillis() - postgres) / latencies.length;
    }

    double throughput() {
        return latencies.length / (elapsedNanos / 1e9);
    }

    /** The answers' statuses that occurred, e.g. {@code applied 1790 duplicate 200 stale 10}. */
    String outcomes() {
        StringJoiner text = new StringJoiner(" ");
        for (int i = 0; i < outcomeCounts.length; i++) {
            if (outcomeCounts[i] > 0) {
                String label = i < LoadClient.OUTCOMES.size() ? LoadClient.OUTCOMES.get(i) : "other";
                text.add(label + " " + outcomeCounts[i]);
            }
        }
        return text.length() == 0 ? "none" : text.toString();
    }

    /** Throughput and latency, for every workload. */
    String speed() {
        return String.format(Locale.ROOT, "%d requests in %.1f s  %.1f req/s  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms",
                latencies.length, elapsedNanos / 1e9, throughput(), millis(percentile(latencies, 50)),
                millis(percentile(latencies, 95)), millis(percentile(latencies, 99)));
    }

    /** Where a request's CPU went; "other" holds the load client, shown beside it. */
    String cpuPerRequest() {
        return String.format(Locale.ROOT, "cpu/delivery ms: server %.2f pg %s other %.2f (load client %.2f of it;"
                        + " whole machine %.2f)", serverCpuMillis(), Double.isNaN(postgresCpuMillis()) ? "n/a"
                        : String.format(Locale.ROOT, "%.2f", postgresCpuMillis()), otherCpuMillis(), clientCpuMillis(),
                machineCpuMillis());
    }

    @Override
    public String toString() {
        return speed() + String.format(Locale.ROOT, "  errors %d  not applied %d  ", errors, notApplied)
                + cpuPerRequest();
    }
}
