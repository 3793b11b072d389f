package dev.clerksync.bench;

import static dev.clerksync.bench.Soak.mb;
import static dev.clerksync.bench.Stats.millis;
import static dev.clerksync.bench.Stats.percentile;

import java.util.Locale;

/**
 * One minute of a {@link Soak}: its rounds' answers taken together, and the server JVM as the minute
 * left it.
 *
 * @param load          the minute's rounds merged
 * @param wallSeconds   the minute's wall time: its load, and each round's planning, start and check
 * @param heapBeforeGc  heap used at the minute's end, garbage included
 * @param heapAfterGc   heap used right after a {@code System.gc()}: what is live
 * @param heapPeak      the highest used heap sampled while the rounds ran
 * @param liveThreads   live threads at the minute's end
 * @param peakThreads   the most live threads at once during the minute
 * @param ooms          OutOfMemoryErrors seen: log lines naming one, and uncaught ones
 * @param uncertain     objects whose state the check left open (a delivery about them got no 2xx)
 */
record SoakMinute(int minute, RoundResult load, double wallSeconds, long heapBeforeGc, long heapAfterGc,
        long heapCommitted, long heapPeak, int liveThreads, int peakThreads, int ooms, int mismatches, int uncertain) {

    String line() {
        return String.format(Locale.ROOT, "minute %2d  %s  %.1f deliveries/s (%.1f s load of %.1f s)  p50 %.2f ms"
                        + " p99 %.2f ms  heap after GC %d MB (before %d, peak %d, committed %d)  threads live %d peak %d"
                        + "  OOM %d  mismatches %d (uncertain %d)  %s",
                minute, answers(load), load.throughput(), load.elapsedNanos() / 1e9, wallSeconds,
                millis(percentile(load.latencies(), 50)), millis(percentile(load.latencies(), 99)), mb(heapAfterGc),
                mb(heapBeforeGc), mb(heapPeak), mb(heapCommitted), liveThreads, peakThreads, ooms, mismatches,
                uncertain, load.cpuPerRequest());
    }

    /** Deliveries by answer: {@code 200 …  503 … (Retry-After …)  other … (500 …, no answer …, else …)}. */
    static String answers(RoundResult load) {
        int ok = load.withStatus(200);
        int refused = load.withStatus(503);
        int failed = load.withStatus(500);
        int unanswered = load.withStatus(LoadClient.NO_ANSWER);
        int other = load.requests() - ok - refused;
        return String.format(Locale.ROOT, "deliveries %d  200 %d  503 %d (Retry-After %d)  other %d (500 %d,"
                        + " no answer %d, else %d)", load.requests(), ok, refused, load.refusedWithRetryAfter(), other,
                failed, unanswered, other - failed - unanswered);
    }
}
