package dev.clerksync.persistence;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Daemon threads for one executor, remembered so that {@link #stop} can wait until they have
 * really ended: Tomcat reports a thread still alive after undeploy as a leak, and an executor
 * counts as terminated a moment before its last thread is gone.
 */
public final class Threads implements ThreadFactory {

    private static final long STOP_WAIT_MILLIS = 5_000;

    private final String name;
    private final List<Thread> started = new CopyOnWriteArrayList<>();

    public Threads(String name) {
        this.name = name;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        started.add(thread);
        return thread;
    }

    public void stop(ExecutorService executor) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        join();
    }

    /** Waits a while for every thread this factory made to end. */
    void join() {
        try {
            for (Thread thread : started) {
                thread.join(STOP_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
