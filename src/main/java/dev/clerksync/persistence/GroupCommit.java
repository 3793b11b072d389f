package dev.clerksync.persistence;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: items submitted while a batch is being written join the next batch, and one
 * transaction applies the whole batch, so the commit and its flush to disk are paid once per batch
 * rather than once per item. Each caller gets its own result only after the commit that holds its
 * item, and with no waiting for company: a lone item is written at once.
 *
 * <p>A few writer threads apply batches side by side, so that one batch is built while another waits
 * for its commit to reach the disk; each takes, in arrival order, whatever is waiting when it is
 * free. An item that arrives while no batch is being written and none is waiting is written at once
 * on the caller's own thread. When a batch fails for a reason other than an unavailable database,
 * its items are applied again one by one, so that one bad item fails alone and its neighbours are
 * unaffected. Items with the same key never share a batch: the later one waits for the next batch.
 * The queue is bounded: an item that finds it full is refused at once, never held.
 *
 * @param <T> what callers submit
 * @param <R> the result of one item
 */
public final class GroupCommit<T, R> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** Applies a batch in one transaction; answers one result per item, in order. */
    @FunctionalInterface
    public interface BatchWork<T, R> {
        List<R> apply(List<T> batch);
    }

    /** An item's result and the size of the batch it was committed in. */
    public record Committed<R>(R result, int batchSize) {
    }

    private final BatchWork<T, R> work;
    private final IntConsumer committedBatchSizes;
    private final Function<T, Object> key;
    private final int maxBatch;
    private final int maxQueued;
    private final LinkedBlockingQueue<Pending<T, R>> queue = new LinkedBlockingQueue<>();
    private final ArrayDeque<Pending<T, R>> heldOver = new ArrayDeque<>();
    private final Threads threads;
    private final List<Thread> writers = new ArrayList<>();
    private final AtomicInteger busyWriters = new AtomicInteger();
    private final Semaphore inline = new Semaphore(1);
    private volatile boolean closed;

    /**
     * @param maxQueued           items that may wait for a batch at once; one more is refused
     * @param committedBatchSizes told the size of every batch that committed (for metrics)
     */
    public GroupCommit(String name, int writerCount, int maxBatch, int maxQueued, Function<T, Object> key,
            BatchWork<T, R> work, IntConsumer committedBatchSizes) {
        this.work = work;
        this.committedBatchSizes = committedBatchSizes;
        this.key = key;
        this.maxBatch = maxBatch;
        this.maxQueued = maxQueued;
        this.threads = new Threads(name);
        for (int i = 0; i < writerCount; i++) {
            Thread writer = threads.newThread(this::writeBatches);
            writers.add(writer);
            writer.start();
        }
    }

    /**
     * Waits until the item is committed, at most {@code timeout}.
     *
     * @throws DatabaseUnavailableException when the wait ends first, or on shutdown (the item may
     *                                      still be committed: callers answer "retry")
     * @throws CommitQueueFullException     at once when {@code maxQueued} items are already waiting
     * @throws RuntimeException             what applying the item alone threw
     */
    public Committed<R> submit(T item, Duration timeout) {
        if (closed) {
            throw new DatabaseUnavailableException("clerk-sync is stopping", null);
        }
        if (busyWriters.get() == 0 && queue.isEmpty() && inline.tryAcquire()) {
            // Nothing to share a batch with: written on the caller's thread, sparing the two
            // thread hand-offs that would add most of a lone item's latency.
            try {
                List<R> results = work.apply(List.of(item));
                committedBatchSizes.accept(1);
                return new Committed<>(results.get(0), 1);
            } finally {
                inline.release();
            }
        }
        // Checked, then added: under a race the queue may pass the bound by a few, never by many.
        if (queue.size() >= maxQueued) {
            throw new CommitQueueFullException(maxQueued);
        }
        Pending<T, R> pending = new Pending<>(item);
        queue.add(pending);
        if (closed) {
            failRemaining();
        }
        try {
            return pending.future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new DatabaseUnavailableException("no commit within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("interrupted while waiting for the commit", e);
        }
    }

    /** Items waiting for the next batch. */
    int queued() {
        return queue.size();
    }

    private void writeBatches() {
        while (!closed) {
            try {
                List<Pending<T, R>> batch = nextBatch();
                busyWriters.incrementAndGet();
                try {
                    write(batch);
                } finally {
                    busyWriters.decrementAndGet();
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                // write() completes every item itself; this is a bug, and the writer must live on.
                LOG.error("Group commit writer failed", e);
            }
        }
        failRemaining();
    }

    /**
     * Waits for the first item, then takes whatever else is waiting, up to the bound. One writer
     * at a time, so that batches keep the arrival order between them.
     */
    private synchronized List<Pending<T, R>> nextBatch() throws InterruptedException {
        List<Pending<T, R>> batch = new ArrayList<>();
        Set<Object> keys = new HashSet<>();
        ArrayDeque<Pending<T, R>> deferred = new ArrayDeque<>();
        while (!heldOver.isEmpty() && batch.size() < maxBatch) {
            add(heldOver.poll(), batch, keys, deferred);
        }
        if (batch.isEmpty()) {
            add(queue.take(), batch, keys, deferred);
        }
        Pending<T, R> next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) {
            add(next, batch, keys, deferred);
        }
        deferred.addAll(heldOver);
        heldOver.clear();
        heldOver.addAll(deferred);
        return batch;
    }

    private void add(Pending<T, R> pending, List<Pending<T, R>> batch, Set<Object> keys,
            ArrayDeque<Pending<T, R>> deferred) {
        if (keys.add(key.apply(pending.item))) {
            batch.add(pending);
        } else {
            deferred.add(pending);
        }
    }

    private void write(List<Pending<T, R>> batch) {
        List<T> items = new ArrayList<>(batch.size());
        batch.forEach(pending -> items.add(pending.item));
        try {
            List<R> results = work.apply(items);
            committedBatchSizes.accept(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).future.complete(new Committed<>(results.get(i), batch.size()));
            }
        } catch (RuntimeException e) {
            if (batch.size() > 1 && !(e instanceof DatabaseUnavailableException)) {
                // One item spoilt the batch: each is applied alone, so it fails by itself.
                for (Pending<T, R> pending : batch) {
                    write(List.of(pending));
                }
            } else {
                batch.forEach(pending -> pending.future.completeExceptionally(e));
            }
        }
    }

    private void failRemaining() {
        DatabaseUnavailableException stopped = new DatabaseUnavailableException("clerk-sync is stopping", null);
        Pending<T, R> pending;
        while ((pending = queue.poll()) != null) {
            pending.future.completeExceptionally(stopped);
        }
    }

    /** Stops taking items; what is queued is answered "unavailable", the batch in hand is finished. */
    @Override
    public void close() {
        closed = true;
        writers.forEach(Thread::interrupt);
        threads.join();
        synchronized (this) {
            heldOver.forEach(pending -> pending.future.completeExceptionally(
                    new DatabaseUnavailableException("clerk-sync is stopping", null)));
        }
        failRemaining();
    }

    private static final class Pending<T, R> {
        final T item;
        final CompletableFuture<Committed<R>> future = new CompletableFuture<>();

        Pending(T item) {
            this.item = item;
        }
    }
}
