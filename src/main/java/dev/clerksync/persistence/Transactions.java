package dev.clerksync.persistence;

import jakarta.persistence.PersistenceException;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.LockAcquisitionException;

/**
 * Runs work in one transaction, and runs it again when it lost a race that a fresh attempt
 * resolves: a unique key taken by a concurrent transaction (two deliveries of one svix-id, two
 * users wanting the same username or email) or a deadlock. Any other failure, or too many lost
 * races, rolls back and becomes {@link DatabaseUnavailableException}.
 */
public final class Transactions {

    private static final int MAX_ATTEMPTS = 5;

    private final SessionFactory sessionFactory;

    public Transactions(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    public <R> R inTransaction(Function<Session, R> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return sessionFactory.fromTransaction(work);
            } catch (ConstraintViolationException | LockAcquisitionException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new DatabaseUnavailableException("transaction lost " + attempt + " races in a row", e);
                }
            } catch (PersistenceException e) {
                throw new DatabaseUnavailableException("transaction failed", e);
            }
        }
    }
}
