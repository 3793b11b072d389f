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
 * @param errors        answers other than 2xx
 * @param notApplied    2xx answers other than {@code applied} (duplicates, stale events)
 */
record RoundResult(long[] latencies, List<short[]> statuses, int[] outcomeCounts, int errors, int notApplied,
        long elapsedNanos, CpuUse.Spent cpu, long clientCpuNanos) {

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
            while (in.available() > 0) {
                int sent = in.readInt();
                long[] clientLatencies = new long[sent];
                short[] clientStatuses = new short[sent];
                for (int i = 0; i < sent; i++) {
                    clientLatencies[i] = in.readLong();
                    clientStatuses[i] = in.readShort();
                    int outcome = in.readByte();
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
            return new RoundResult(all, statuses, outcomes, errors, notApplied, elapsed, cpu, clientCpu);
        }
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

    String cpuPerRequest() {
        return String.format(Locale.ROOT, "cpu/request %.2f ms (server JVM %.2f ms, load client %.2f ms)",
                machineCpuMillis(), serverCpuMillis(), clientCpuMillis());
    }

    @Override
    public String toString() {
        return speed() + String.format(Locale.ROOT, "  errors %d  not applied %d  ", errors, notApplied)
                + cpuPerRequest();
    }
}
