package dev.clerksync.persistence;

import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;
import org.hibernate.SessionFactory;
import org.hibernate.jdbc.ReturningWork;

/**
 * Runs JDBC work in one transaction on a connection of the one SessionFactory (a stateless session:
 * the sync writes plain statements, with nothing to dirty-check), and runs it again when it lost a
 * race that a fresh attempt resolves: a unique key taken by a concurrent transaction (two
 * deliveries of one svix-id, two users wanting the same username or email) or a deadlock. Data
 * PostgreSQL refuses becomes {@link DatabaseRefusedException}; any other failure, or too many lost
 * races, rolls back and becomes {@link DatabaseUnavailableException}. Every transaction begins
 * with its {@link TransactionStart}: the connection itself carries no setting of ours.
 */
public final class Transactions {

    private static final int MAX_ATTEMPTS = 5;

    private final SessionFactory sessionFactory;
    private final TransactionStart start;

    public Transactions(SessionFactory sessionFactory, TransactionStart start) {
        this.sessionFactory = sessionFactory;
        this.start = start;
    }

    /** Work that sends the transaction's first statement itself, in its first round trip. */
    @FunctionalInterface
    public interface StartedWork<R> {
        /** @param start whose {@link TransactionStart#statement} must be the first statement sent */
        R execute(Connection connection, TransactionStart start) throws SQLException;
    }

    /** Runs the work after a round trip of its own that starts the transaction with custom plans. */
    public <R> R inTransaction(ReturningWork<R> work) {
        return inTransaction((connection, transactionStart) -> {
            RoundTrip.run(connection, transactionStart.statement(PlanMode.CUSTOM));
            return work.execute(connection);
        });
    }

    /** Runs work that starts the transaction itself: on the webhook's path, a round trip saved. */
    public <R> R inTransaction(StartedWork<R> work) {
        ReturningWork<R> started = connection -> work.execute(connection, start);
        for (int attempt = 1; ; attempt++) {
            try {
                return sessionFactory.fromStatelessTransaction(session -> session.doReturningWork(started));
            } catch (PersistenceException e) {
                SqlFailures failure = SqlFailures.classify(e);
                if (failure == SqlFailures.REFUSED) {
                    throw new DatabaseRefusedException(SqlFailures.describe(e), e);
                }
                if (failure == SqlFailures.UNAVAILABLE) {
                    throw new DatabaseUnavailableException("transaction failed", e);
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new DatabaseUnavailableException("transaction lost " + attempt + " races in a row", e);
                }
            }
        }
    }
}
