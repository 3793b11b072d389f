package dev.clerksync.faults;

import com.svix.Webhook;
import dev.clerksync.fixtures.workload.PlannedDelivery;
import dev.clerksync.fixtures.workload.SignedDelivery;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A Svix-like sender: each delivery signed with the endpoint's secret when it is sent (a retry is
 * signed again, with a fresh timestamp), sent at a steady rate in the plan's order by a pool of
 * workers, first attempts spread over the nodes in turn; any answer but 2xx, or no answer, is
 * retried with exponential back-off and jitter, on the other node, until it is 2xx or the deadline
 * passes. Each attempt is counted in the phase that was current when it started.
 */
final class SvixSender {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 5_000;

    /** Per phase: attempts, retries among them, 2xx answers, and the failures by kind. */
    static final class PhaseStats {
        final LongAdder attempts = new LongAdder();
        final LongAdder retries = new LongAdder();
        final LongAdder acknowledged = new LongAdder();
        final Map<String, LongAdder> errors = new ConcurrentSkipListMap<>();

        long errorCount() {
            return errors.values().stream().mapToLong(LongAdder::sum).sum();
        }

        String errorSummary() {
            if (errors.isEmpty()) {
                return "-";
            }
            StringBuilder text = new StringBuilder();
            errors.forEach((kind, count) -> text.append(text.length() == 0 ? "" : ", ").append(kind).append(' ')
                    .append(count.sum()));
            return text.toString();
        }
    }

    /**
     * One attempt as the sender saw it: when it started and ended ({@link System#nanoTime()}), and the
     * HTTP status (0 when there was no answer).
     */
    record Attempt(long startedNanos, long endedNanos, int status) {
    }

    private record Retry(int index, int attempt, int lastNode, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Retry) other).dueNanos);
        }
    }

    private final List<URI> endpoints;
    private final Webhook signer;
    private final int workers;
    private final double perSecond;
    private final Supplier<String> phase;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();
    final Map<String, PhaseStats> phases = new ConcurrentHashMap<>();
    final Map<String, LongAdder> outcomes = new ConcurrentSkipListMap<>();
    final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger gaveUp = new AtomicInteger();
    private final DelayQueue<Retry> retries = new DelayQueue<>();
    private volatile long lastAcknowledgedNanos;

    SvixSender(List<URI> endpoints, Webhook signer, int workers, double perSecond, Supplier<String> phase) {
        this.endpoints = List.copyOf(endpoints);
        this.signer = signer;
        this.workers = workers;
        this.perSecond = perSecond;
        this.phase = phase;
    }

    /** First attempts started so far. */
    int started() {
        return next.get();
    }

    /** Deliveries answered 2xx so far. */
    int acknowledged() {
        return done.get();
    }

    int gaveUp() {
        return gaveUp.get();
    }

    long lastAcknowledgedNanos() {
        return lastAcknowledgedNanos;
    }

    /**
     * Sends every delivery of {@code plan} until each is 2xx, or until {@code deadline} after the start;
     * answers the final status of each (0 when it never got one).
     */
    AtomicReferenceArray<Integer> send(List<PlannedDelivery> plan, Duration deadline) throws InterruptedException {
        AtomicReferenceArray<Integer> finalStatus = new AtomicReferenceArray<>(plan.size());
        long started = System.nanoTime();
        long stopAt = started + deadline.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        for (int worker = 0; worker < workers; worker++) {
            pool.execute(() -> work(plan, finalStatus, started, stopAt));
        }
        pool.shutdown();
        pool.awaitTermination(deadline.toMillis() + REQUEST_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        pool.shutdownNow();
        return finalStatus;
    }

    private void work(List<PlannedDelivery> plan, AtomicReferenceArray<Integer> finalStatus, long started,
            long stopAt) {
        try {
            while (done.get() + gaveUp.get() < plan.size()) {
                Retry retry = retries.poll();
                if (retry == null) {
                    int index = next.get();
                    if (index < plan.size()) {
                        long due = started + (long) (index * 1e9 / perSecond);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            // A retry that falls due meanwhile goes first.
                            retry = retries.poll(wait, TimeUnit.NANOSECONDS);
                        }
                        if (retry == null) {
                            if (!next.compareAndSet(index, index + 1)) {
                                continue;
                            }
                            retry = new Retry(index, 0, -1, 0);
                        }
                    } else {
                        retry = retries.poll(100, TimeUnit.MILLISECONDS);
                        if (retry == null) {
                            continue;
                        }
                    }
                }
                if (System.nanoTime() > stopAt) {
                    gaveUp.incrementAndGet();
                    continue;
                }
                attempt(plan.get(retry.index), retry, finalStatus);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void attempt(PlannedDelivery delivery, Retry attempt, AtomicReferenceArray<Integer> finalStatus) {
        int node = attempt.lastNode < 0 ? attempt.index % endpoints.size() : (attempt.lastNode + 1) % endpoints.size();
        PhaseStats stats = phases.computeIfAbsent(phase.get(), name -> new PhaseStats());
        stats.attempts.increment();
        if (attempt.attempt > 0) {
            stats.retries.increment();
        }
        String error;
        long startedAt = System.nanoTime();
        int answered = 0;
        try {
            SignedDelivery signed = SignedDelivery.signed(signer, delivery.svixId(), delivery.body());
            HttpRequest request = HttpRequest.newBuilder(endpoints.get(node))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("svix-id", signed.id())
                    .header("svix-timestamp", Long.toString(signed.timestamp()))
                    .header("svix-signature", signed.signature())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            answered = status;
            if (status >= 200 && status < 300) {
                stats.acknowledged.increment();
                outcomes.computeIfAbsent(outcome(response.body()), name -> new LongAdder()).increment();
                finalStatus.set(attempt.index, status);
                done.incrementAndGet();
                lastAcknowledgedNanos = System.nanoTime();
                return;
            }
            finalStatus.set(attempt.index, status);
            error = "HTTP " + status;
        } catch (HttpConnectTimeoutException e) {
            error = "connect timeout";
        } catch (HttpTimeoutException e) {
            error = "no answer in " + REQUEST_TIMEOUT.toSeconds() + " s";
        } catch (ConnectException e) {
            error = "connection refused";
        } catch (IOException e) {
            error = "connection lost";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            error = e.getClass().getSimpleName();
        } finally {
            attempts.add(new Attempt(startedAt, System.nanoTime(), answered));
        }
        stats.errors.computeIfAbsent(error, kind -> new LongAdder()).increment();
        long backOff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(attempt.attempt, 10));
        long jittered = backOff / 2 + ThreadLocalRandom.current().nextLong(backOff / 2 + 1);
        retries.add(new Retry(attempt.index, attempt.attempt + 1, node,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(jittered)));
    }

    /**
     * Prints per phase the attempts, retries among them, 2xx answers and errors by kind, the totals,
     * and the 2xx answers by outcome.
     */
    void printPhases() {
        System.out.printf(Locale.ROOT, "%-14s %9s %8s %8s %8s  %s%n", "phase", "attempts", "retries", "2xx",
                "errors", "errors by kind");
        long attemptCount = 0;
        long retryCount = 0;
        long acknowledged = 0;
        long errors = 0;
        for (Map.Entry<String, PhaseStats> entry : new TreeMap<>(phases).entrySet()) {
            PhaseStats stats = entry.getValue();
            System.out.printf(Locale.ROOT, "%-14s %9d %8d %8d %8d  %s%n", entry.getKey(), stats.attempts.sum(),
                    stats.retries.sum(), stats.acknowledged.sum(), stats.errorCount(), stats.errorSummary());
            attemptCount += stats.attempts.sum();
            retryCount += stats.retries.sum();
            acknowledged += stats.acknowledged.sum();
            errors += stats.errorCount();
        }
        System.out.printf(Locale.ROOT, "%-14s %9d %8d %8d %8d%n", "total", attemptCount, retryCount, acknowledged,
                errors);
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        outcomes.forEach((outcome, count) -> byOutcome.put(outcome, count.sum()));
        System.out.printf(Locale.ROOT, "2xx answers by outcome: %s; gave up: %d%n", byOutcome, gaveUp());
    }

    private static String outcome(String body) {
        for (String outcome : List.of("applied", "stale", "duplicate", "ignored")) {
            if (body.contains("\"" + outcome + "\"")) {
                return outcome;
            }
        }
        return "other";
    }
}
