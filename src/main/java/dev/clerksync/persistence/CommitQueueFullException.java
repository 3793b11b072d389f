package dev.clerksync.persistence;

/**
 * Too many items already wait for a commit: this one was refused at once, before anything was
 * done with it. Not a database failure, and not worth a log line each: under a burst there are
 * many, and the metrics count them.
 */
public final class CommitQueueFullException extends RuntimeException {

    public CommitQueueFullException(int waiting) {
        super(waiting + " items already wait for a commit");
    }
}
