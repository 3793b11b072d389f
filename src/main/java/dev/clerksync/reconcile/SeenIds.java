package dev.clerksync.reconcile;

import dev.clerksync.persistence.SqlArrays;
import dev.clerksync.persistence.Transactions;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;

/**
 * The ids of the Clerk objects of one kind a run has seen, in the table {@code reconcile_seen}
 * under a key of the run's own rather than in memory: a million ids would cost the heap about
 * 100 MB, the table costs one insert per page. It also lets PostgreSQL find the local rows Clerk did
 * not list: the kind's repository reads {@link #table()}. Each statement is a transaction of its
 * own, so any server connection may run it, as behind a pooler in transaction mode.
 */
final class SeenIds implements AutoCloseable {

    // Rows a run left behind when its node died; no run lasts this long.
    private static final Duration ABANDONED_AFTER = Duration.ofDays(2);

    private final Transactions transactions;
    private final String runId;
    private final String kind;

    private SeenIds(Transactions transactions, String runId, String kind) {
        this.transactions = transactions;
        this.runId = runId;
        this.kind = kind;
    }

    /**
     * An empty set of ids of {@code kind} for a new run; {@code kind} is one of this package's
     * constants, never input. Removes what runs abandoned long ago.
     */
    static SeenIds create(Transactions transactions, String kind) {
        transactions.inTransaction(connection -> {
            try (PreparedStatement purge = connection.prepareStatement("delete from reconcile_seen where seen_at < ?")) {
                purge.setObject(1, Instant.now().minus(ABANDONED_AFTER).atOffset(ZoneOffset.UTC));
                return purge.executeUpdate();
            }
        });
        return new SeenIds(transactions, UUID.randomUUID().toString(), kind);
    }

    void add(Collection<String> ids) {
        transactions.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into reconcile_seen (run_id, kind, id) select ?, ?, unnest(?::text[]) on conflict do nothing")) {
                insert.setString(1, runId);
                insert.setString(2, kind);
                insert.setArray(3, SqlArrays.texts(connection, ids));
                return insert.executeUpdate();
            }
        });
    }

    /**
     * The ids as a derived table of one column {@code id}, for the repository's query of unlisted
     * rows. The run id is a UUID made here and the kind a constant, so both are safe as literals.
     */
    String table() {
        return "(select id from reconcile_seen where run_id = '" + runId + "' and kind = '" + kind + "')";
    }

    /** Deletes the run's ids of this kind. */
    @Override
    public void close() {
        transactions.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from reconcile_seen where run_id = ? and kind = ?")) {
                delete.setString(1, runId);
                delete.setString(2, kind);
                return delete.executeUpdate();
            }
        });
    }
}
