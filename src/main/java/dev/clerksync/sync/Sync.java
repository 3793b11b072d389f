package dev.clerksync.sync;

import java.util.List;

/**
 * The one entry point into a kind's rules and repository: a batch of the candidate changes, for
 * the caller's transaction.
 *
 * @param <C> the kind's changes
 */
@FunctionalInterface
public interface Sync<C> {

    /** A batch over {@code candidates}: every change it may decide, whose objects it locks and reads. */
    ChangeBatch<C> batch(List<C> candidates);
}
