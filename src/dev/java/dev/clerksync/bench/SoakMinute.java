package dev.clerksync.bench;

import static dev.clerksync.bench.Soak.mb;
import static dev.clerksync.bench.Stats.millis;
import static dev.clerksync.bench.Stats.percentile;

import java.util.Locale;

/**
 * One minute of a {@link Soak} in figures, and the server JVM as the minute left it. Figures only, no
 * latencies or statuses: the soak keeps every minute until its summary, in the JVM it measures.
 *
 * @param wallSeconds   the minute's wall time: its load, and each round's planning, start and check
 * @param heapBeforeGc  heap used at the minute's end, garbage included
 * @param heapAfterGc   heap used right after a {@code System.gc()}: what is live
 * @param heapPeak      the highest used heap sampled while the rounds ran
 * @param liveThreads   live threads at the minute's end
 * @param peakThreads   the most live threads at once during the minute
 * @param ooms          OutOfMemoryErrors seen: log lines naming one, and uncaught ones
 * @param uncertain     objects whose state the check left open (a delivery about them got no 2xx)
 */
record SoakMinute(int minute, Answers answers, double throughput, double loadSeconds, double wallSeconds,
        double p50Millis, double p99Millis, String cpu, long heapBeforeGc, long heapAfterGc, long heapCommitted,
        long heapPeak, int liveThreads, int peakThreads, int ooms, int mismatches, int uncertain) {

    /** The minute's rounds, merged, in figures. */
    static SoakMinute of(int minute, RoundResult load, double wallSeconds, long heapBeforeGc, long heapAfterGc,
            long heapCommitted, long heapPeak, int liveThreads, int peakThreads, int ooms, int mismatches,
            int uncertain) {
        return new SoakMinute(minute, Answers.of(load), load.throughput(), load.elapsedNanos() / 1e9, wallSeconds,
                millis(percentile(load.latencies(), 50)), millis(percentile(load.latencies(), 99)),
                load.cpuPerRequest(), heapBeforeGc, heapAfterGc, heapCommitted, heapPeak, liveThreads, peakThreads,
                ooms, mismatches, uncertain);
    }

    String line() {
        return String.format(Locale.ROOT, "minute %2d  %s  %.1f deliveries/s (%.1f s load of %.1f s)  p50 %.2f ms"
                        + " p99 %.2f ms  heap after GC %d MB (before %d, peak %d, committed %d)  threads live %d peak %d"
                        + "  OOM %d  mismatches %d (uncertain %d)  %s",
                minute, answers, throughput, loadSeconds, wallSeconds, p50Millis, p99Millis, mb(heapAfterGc),
                mb(heapBeforeGc), mb(heapPeak), mb(heapCommitted), liveThreads, peakThreads, ooms, mismatches,
                uncertain, cpu);
    }

    /** Deliveries by answer; {@code other} is everything but 200 and 503, a 500 or no answer among it. */
    record Answers(int deliveries, int ok, int refused, int refusedWithRetryAfter, int failed, int unanswered) {

        static final Answers NONE = new Answers(0, 0, 0, 0, 0, 0);

        static Answers of(RoundResult load) {
            return new Answers(load.requests(), load.withStatus(200), load.withStatus(503),
                    load.refusedWithRetryAfter(), load.withStatus(500), load.withStatus(LoadClient.NO_ANSWER));
        }

        Answers plus(Answers other) {
            return new Answers(deliveries + other.deliveries, ok + other.ok, refused + other.refused,
                    refusedWithRetryAfter + other.refusedWithRetryAfter, failed + other.failed,
                    unanswered + other.unanswered);
        }

        @Override
        public String toString() {
            int other = deliveries - ok - refused;
            return String.format(Locale.ROOT, "deliveries %d  200 %d  503 %d (Retry-After %d)  other %d (500 %d,"
                    + " no answer %d, else %d)", deliveries, ok, refused, refusedWithRetryAfter, other, failed,
                    unanswered, other - failed - unanswered);
        }
    }
}
