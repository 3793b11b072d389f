package dev.clerksync.persistence;

import jakarta.persistence.PersistenceException;
import org.hibernate.SessionFactory;
import org.hibernate.jdbc.ReturningWork;

/**
 * Runs JDBC work in one transaction on a connection of the one SessionFactory (a stateless session:
 * the sync writes plain statements, with nothing to dirty-check), and runs it again when it lost a
 * race that a fresh attempt resolves: a unique key taken by a concurrent transaction (two
 * deliveries of one svix-id, two users wanting the same username or email) or a deadlock. Data
 * PostgreSQL refuses becomes {@link DatabaseRefusedException}; any other failure, or too many lost
 * races, rolls back and becomes {@link DatabaseUnavailableException}.
 */
public final class Transactions {

    private static final int MAX_ATTEMPTS = 5;

    private final SessionFactory sessionFactory;

    public Transactions(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    public <R> R inTransaction(ReturningWork<R> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return sessionFactory.fromStatelessTransaction(session -> session.doReturningWork(work));
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
