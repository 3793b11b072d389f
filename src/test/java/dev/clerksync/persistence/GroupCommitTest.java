package dev.clerksync.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batching, splitting and shutdown of the group commit, with a plain function as the transaction. */
class GroupCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch holdersStarted = new CountDownLatch(2);
    private final CountDownLatch releaseFirstBatch = new CountDownLatch(1);
    private final ExecutorService senders = Executors.newFixedThreadPool(8);
    private GroupCommit<String, String> commits;

    @AfterEach
    void stop() {
        releaseFirstBatch.countDown();
        if (commits != null) {
            commits.close();
        }
        senders.shutdownNow();
    }

    @Test
    void aLoneItemIsCommittedAtOnceOnTheCallersThread() {
        List<String> threads = new ArrayList<>();
        commits = start(64, item -> item, batch -> {
            threads.add(Thread.currentThread().getName());
            return upperCase(batch);
        });

        GroupCommit.Committed<String> committed = commits.submit("a", WAIT);

        assertEquals("A", committed.result());
        assertEquals(1, committed.batchSize());
        assertEquals(List.of(Thread.currentThread().getName()), threads);
    }

    @Test
    void itemsArrivingWhileABatchIsWrittenShareTheNextBatch() throws Exception {
        commits = start(64, item -> item, this::holdFirstBatch);
        holdWritingThreads();
        List<Future<GroupCommit.Committed<String>>> later = new ArrayList<>();
        for (String item : List.of("b", "c", "d", "e")) {
            later.add(send(item));
        }
        awaitQueued(4);

        releaseFirstBatch.countDown();

        for (Future<GroupCommit.Committed<String>> result : later) {
            assertEquals(4, result.get().batchSize());
        }
        // Sent from four threads at once: their order in the batch is theirs to settle.
        assertEquals(Set.of("b", "c", "d", "e"), Set.copyOf(orderedBatches().get(2)));
    }

    @Test
    void aBatchNeverExceedsItsBound() throws Exception {
        commits = start(3, item -> item, this::holdFirstBatch);
        holdWritingThreads();
        List<Future<GroupCommit.Committed<String>>> later = new ArrayList<>();
        for (String item : List.of("b", "c", "d", "e", "f")) {
            later.add(send(item));
        }
        awaitQueued(5);

        releaseFirstBatch.countDown();
        for (Future<GroupCommit.Committed<String>> result : later) {
            result.get();
        }

        assertTrue(batches.stream().allMatch(batch -> batch.size() <= 3), batches.toString());
    }

    @Test
    void anItemThatFindsTheQueueFullIsRefusedAtOnceAndTheQueuedOnesAreCommitted() throws Exception {
        commits = start(64, 2, item -> item, this::holdFirstBatch);
        holdWritingThreads();
        List<Future<GroupCommit.Committed<String>>> queued = List.of(send("b"), send("c"));
        awaitQueued(2);

        CommitQueueFullException refused = assertThrows(CommitQueueFullException.class,
                () -> commits.submit("d", WAIT));
        assertTrue(refused.getMessage().contains("already wait"), "refused for the full queue, not after a wait");
        assertEquals(2, commits.queued());

        releaseFirstBatch.countDown();
        for (Future<GroupCommit.Committed<String>> result : queued) {
            assertEquals(2, result.get().batchSize());
        }
    }

    @Test
    void itemsWithTheSameKeyNeverShareABatchAndKeepTheirOrder() throws Exception {
        commits = start(64, item -> item.substring(0, 1), this::holdFirstBatch);
        holdWritingThreads();
        Future<GroupCommit.Committed<String>> a1 = send("a1");
        awaitQueued(1);
        Future<GroupCommit.Committed<String>> a2 = send("a2");
        awaitQueued(2);
        Future<GroupCommit.Committed<String>> b1 = send("b1");
        awaitQueued(3);

        releaseFirstBatch.countDown();
        a1.get();
        a2.get();
        b1.get();

        assertEquals(List.of(List.of("a1", "b1"), List.of("a2")), orderedBatches().subList(2, 4));
    }

    @Test
    void oneBadItemFailsAloneAndItsNeighboursAreCommitted() throws Exception {
        RuntimeException refused = new DatabaseRefusedException("SQLState 22021", null);
        commits = start(64, item -> item, batch -> {
            holdFirstBatch(batch);
            if (batch.contains("bad")) {
                throw refused;
            }
            return upperCase(batch);
        });
        holdWritingThreads();
        Future<GroupCommit.Committed<String>> good = send("good");
        awaitQueued(1);
        Future<GroupCommit.Committed<String>> bad = send("bad");
        awaitQueued(2);

        releaseFirstBatch.countDown();

        assertEquals("GOOD", good.get().result());
        Exception failure = assertThrows(Exception.class, bad::get);
        assertSame(refused, failure.getCause());
    }

    @Test
    void anUnavailableDatabaseFailsTheWholeBatchWithoutRetryingItemByItem() throws Exception {
        commits = start(64, item -> item, batch -> {
            holdFirstBatch(batch);
            if (batch.size() > 1) {
                throw new DatabaseUnavailableException("connection reset", null);
            }
            return upperCase(batch);
        });
        holdWritingThreads();
        Future<GroupCommit.Committed<String>> a = send("a");
        awaitQueued(1);
        Future<GroupCommit.Committed<String>> b = send("b");
        awaitQueued(2);

        releaseFirstBatch.countDown();

        assertTrue(assertThrows(Exception.class, a::get).getCause() instanceof DatabaseUnavailableException);
        assertTrue(assertThrows(Exception.class, b::get).getCause() instanceof DatabaseUnavailableException);
        assertEquals(3, batches.size(), "no item-by-item retry: " + batches);
    }

    @Test
    void itemsStillQueuedAtShutdownAreAnsweredUnavailable() throws Exception {
        commits = start(64, item -> item, this::holdFirstBatch);
        holdWritingThreads();
        Future<GroupCommit.Committed<String>> queued = send("queued");
        awaitQueued(1);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(commits::close);
        Exception failure = assertThrows(Exception.class, () -> queued.get(10, TimeUnit.SECONDS));
        releaseFirstBatch.countDown();
        closing.get(10, TimeUnit.SECONDS);

        assertTrue(failure.getCause() instanceof DatabaseUnavailableException, failure.toString());
    }

    private GroupCommit<String, String> start(int maxBatch, Function<String, Object> key,
            GroupCommit.BatchWork<String, String> work) {
        return start(maxBatch, 1_000, key, work);
    }

    private GroupCommit<String, String> start(int maxBatch, int maxQueued, Function<String, Object> key,
            GroupCommit.BatchWork<String, String> work) {
        return new GroupCommit<>("test-writer", 1, maxBatch, maxQueued, key, batch -> {
            batches.add(List.copyOf(batch));
            return work.apply(batch);
        }, size -> { });
    }

    private Future<GroupCommit.Committed<String>> send(String item) {
        return senders.submit(() -> commits.submit(item, WAIT));
    }

    /**
     * Occupies the two threads that write without waiting for company, the caller's own (a lone
     * item) and the writer, until the test has queued what should form the next batches.
     */
    private void holdWritingThreads() throws InterruptedException {
        send("hold-inline");
        while (holdersStarted.getCount() == 2) {
            Thread.sleep(2);
        }
        send("hold-writer");
        assertTrue(holdersStarted.await(5, TimeUnit.SECONDS), "both writing threads held");
    }

    /** A batch holding a "hold-…" item waits until the test lets it go. */
    private List<String> holdFirstBatch(List<String> batch) {
        if (batch.stream().anyMatch(item -> item.startsWith("hold"))) {
            holdersStarted.countDown();
            try {
                releaseFirstBatch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return upperCase(batch);
    }

    private List<String> upperCase(List<String> batch) {
        return batch.stream().map(String::toUpperCase).toList();
    }

    private void awaitQueued(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (commits.queued() < count && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertEquals(count, commits.queued(), "items waiting for the next batch");
    }

    private List<List<String>> orderedBatches() {
        synchronized (batches) {
            return List.copyOf(batches);
        }
    }
}
