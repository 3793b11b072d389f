package dev.clerksync.reconcile;

/** A reconcile was asked for while another one runs, on this node or another. */
public final class ReconcileRunningException extends RuntimeException {

    ReconcileRunningException(String message) {
        super(message);
    }
}
