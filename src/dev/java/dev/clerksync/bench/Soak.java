package dev.clerksync.bench;

import dev.clerksync.fixtures.workload.StateCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code -Dbench.soakMinutes=N}: the mixed (or b2b) traffic for N minutes of load, one line per
 * minute with the answers by status, the latency, this JVM's heap and threads (this JVM is the
 * server's: Tomcat and the WAR) and any OutOfMemoryError, then a {@code SOAK} line. What it is for:
 * under overload every delivery is either committed (200) or refused at once (503 with
 * Retry-After), never a 500, and neither heap nor threads grow over time.
 *
 * <p>A minute is rounds of at most {@link #ROUND_SECONDS} back to back, each planned, signed,
 * posted by {@link LoadClient} and state-checked as the measured rounds are, so it is 60 s of load
 * and a little more of wall time. Rounds rather than one round a minute because a round's plan is
 * held in this JVM until its check: a minute's plan would take a large part of a 256 MB heap.
 *
 * <p>The heap figure that shows the trend is the heap used after a {@code System.gc()} at the end of
 * each minute, between rounds, with no load and the last round's plan dropped: what is still live.
 * The used heap before it (garbage included) and the peak sampled during the minute are printed too.
 */
final class Soak {

    static final double MINUTE_SECONDS = 60;
    static final double ROUND_SECONDS = 15;
    // Deliveries planned for a round over the last round's rate times its seconds, so that it seldom
    // runs dry before its time; one that does just ends early, and the minute goes on.
    private static final double PLAN_MARGIN = 1.3;
    private static final int MIN_PLAN = 2_000;
    private static final int MAX_PLAN = 40_000;
    private static final double FIRST_RATE = 1_000;
    private static final String OOM = "OutOfMemoryError";

    private final BenchOptions options;
    private final Traffic traffic;
    private final MixedWorkload mixed;
    private final Path log;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final AtomicInteger uncaughtOoms = new AtomicInteger();

    Soak(BenchOptions options, Traffic traffic, MixedWorkload mixed, Path log) {
        this.options = options;
        this.traffic = traffic;
        this.mixed = mixed;
        this.log = log;
    }

    void run() throws Exception {
        countUncaughtOoms();
        DuplicateOrder order = options.duplicateOrders().get(0);
        System.out.printf(Locale.ROOT, "%n=== soak: %d min of load, %d clients, duplicates %s, heap max %d MB;"
                        + " rounds of at most %.0f s back to back; heap after GC = used after System.gc() at the"
                        + " minute's end, no load ===%n", options.soakMinutes(), options.clients(), order.label(),
                mb(memory.getHeapMemoryUsage().getMax()), ROUND_SECONDS);
        List<SoakMinute> minutes = new ArrayList<>();
        double rate = FIRST_RATE;
        for (int minute = 1; minute <= options.soakMinutes(); minute++) {
            threads.resetPeakThreadCount();
            long logStart = BatchSizes.logEnd(log);
            long wallStart = System.nanoTime();
            List<MixedRound> rounds = new ArrayList<>();
            double loaded = 0;
            try (HeapSampler sampler = HeapSampler.start(memory)) {
                while (loaded < MINUTE_SECONDS - 1) {
                    double seconds = Math.min(ROUND_SECONDS, MINUTE_SECONDS - loaded);
                    MixedRound round = mixed.runRound(plan(rate, seconds), order, seconds);
                    rounds.add(round);
                    loaded += round.load().elapsedNanos() / 1e9;
                    rate = round.load().throughput();
                }
                minutes.add(measure(minute, rounds, (System.nanoTime() - wallStart) / 1e9, sampler.peak(),
                        oomLines(logStart)));
            }
            System.out.println(minutes.get(minutes.size() - 1).line());
        }
        System.out.println(summary(minutes));
    }

    private static int plan(double rate, double seconds) {
        return (int) Math.max(MIN_PLAN, Math.min(MAX_PLAN, rate * seconds * PLAN_MARGIN));
    }

    private SoakMinute measure(int minute, List<MixedRound> rounds, double wallSeconds, long heapPeak, int oomLines) {
        long usedBefore = memory.getHeapMemoryUsage().getUsed();
        System.gc();
        var heap = memory.getHeapMemoryUsage();
        return SoakMinute.of(minute, RoundResult.merge(rounds.stream().map(MixedRound::load).toList()), wallSeconds,
                usedBefore, heap.getUsed(), heap.getCommitted(), heapPeak, threads.getThreadCount(),
                threads.getPeakThreadCount(), oomLines + uncaughtOoms.getAndSet(0),
                rounds.stream().mapToInt(MixedRound::mismatches).sum(),
                rounds.stream().flatMap(round -> round.checks().stream()).mapToInt(StateCheck::uncertain).sum());
    }

    /** An OutOfMemoryError no one catches (in a writer thread, say) would otherwise only reach stderr. */
    private void countUncaughtOoms() {
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof OutOfMemoryError) {
                    uncaughtOoms.incrementAndGet();
                    break;
                }
            }
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            failure.printStackTrace();
        });
    }

    /** Lines of the server's log since {@code offset} that name an OutOfMemoryError (Tomcat logs what a request threw). */
    private int oomLines(long offset) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        int found = 0;
        try (SeekableByteChannel channel = Files.newByteChannel(log);
             BufferedReader lines = new BufferedReader(new InputStreamReader(
                     Channels.newInputStream(channel.position(offset)), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.contains(OOM)) {
                    found++;
                }
            }
        }
        return found;
    }

    private String summary(List<SoakMinute> minutes) {
        SoakMinute first = minutes.get(0);
        SoakMinute last = minutes.get(minutes.size() - 1);
        SoakMinute.Answers all = minutes.stream().map(SoakMinute::answers)
                .reduce(SoakMinute.Answers.NONE, SoakMinute.Answers::plus);
        return String.format(Locale.ROOT, "SOAK %s %d min %d clients heap max %d MB: %s  p99 by minute %.2f-%.2f ms"
                        + "  heap after GC first %d MB last %d MB (highest %d MB)  threads live first %d last %d,"
                        + " peak first %d last %d  OOM %d  mismatches %d (uncertain %d)",
                traffic.label.toUpperCase(Locale.ROOT), minutes.size(), options.clients(),
                mb(memory.getHeapMemoryUsage().getMax()), all,
                minutes.stream().mapToDouble(SoakMinute::p99Millis).min().orElse(0),
                minutes.stream().mapToDouble(SoakMinute::p99Millis).max().orElse(0), mb(first.heapAfterGc()),
                mb(last.heapAfterGc()), mb(minutes.stream().mapToLong(SoakMinute::heapAfterGc).max().orElse(0)),
                first.liveThreads(), last.liveThreads(), first.peakThreads(), last.peakThreads(),
                minutes.stream().mapToInt(SoakMinute::ooms).sum(),
                minutes.stream().mapToInt(SoakMinute::mismatches).sum(),
                minutes.stream().mapToInt(SoakMinute::uncertain).sum());
    }

    static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    /** The used heap every 200 ms while a minute's rounds run: its peak, garbage included. */
    private static final class HeapSampler implements AutoCloseable {

        private final Thread thread;
        private volatile long peak;

        private HeapSampler(MemoryMXBean memory) {
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-heap-sampler");
            thread.setDaemon(true);
        }

        static HeapSampler start(MemoryMXBean memory) {
            HeapSampler sampler = new HeapSampler(memory);
            sampler.thread.start();
            return sampler;
        }

        long peak() {
            return peak;
        }

        /** Stops sampling; the thread ends on its own (a daemon, interrupted in its sleep). */
        @Override
        public void close() {
            thread.interrupt();
        }
    }
}
