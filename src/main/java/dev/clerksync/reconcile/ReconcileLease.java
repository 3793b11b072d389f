package dev.clerksync.reconcile;

import dev.clerksync.persistence.Transactions;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The right to run the reconcile, held by one node's run at a time: a row of
 * {@code reconcile_lease} with its holder and an expiry in the database's clock, so that nodes'
 * clocks need not agree. The holder renews it while its run lasts; a node that dies holding it
 * leaves it to expire after {@link #TERM}. Every statement is a transaction of its own, so any
 * server connection behind a pooler may run it.
 */
final class ReconcileLease {

    /** How long a lease lasts unless renewed; renewed every third of it. */
    static final Duration TERM = Duration.ofMinutes(2);

    private static final String TAKE = """
            insert into reconcile_lease (name, holder, expires_at)
            values ('reconcile', ?, now() + make_interval(secs => ?))
            on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
            where reconcile_lease.expires_at < now() or reconcile_lease.holder = excluded.holder""";
    private static final String RENEW = """
            update reconcile_lease set expires_at = now() + make_interval(secs => ?)
            where name = 'reconcile' and holder = ?""";
    private static final String RELEASE = "delete from reconcile_lease where name = 'reconcile' and holder = ?";

    private final Transactions transactions;

    ReconcileLease(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Takes the lease for {@code holder}; false while another holder's lease has not expired. */
    boolean take(String holder) {
        return update(TAKE, statement -> {
            statement.setString(1, holder);
            statement.setLong(2, TERM.toSeconds());
        }) == 1;
    }

    /** Extends the holder's lease; false when it has lost it (it expired and another took it). */
    boolean renew(String holder) {
        return update(RENEW, statement -> {
            statement.setLong(1, TERM.toSeconds());
            statement.setString(2, holder);
        }) == 1;
    }

    void release(String holder) {
        update(RELEASE, statement -> statement.setString(1, holder));
    }

    private int update(String sql, Parameters parameters) {
        return transactions.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                parameters.bind(statement);
                return statement.executeUpdate();
            }
        });
    }

    @FunctionalInterface
    private interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
