package dev.clerksync.persistence;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Runs work in one transaction, and runs it again when it lost a race that a fresh attempt
 * resolves: a unique key taken by a concurrent transaction (two deliveries of one svix-id, two
 * users wanting the same username or email) or a deadlock between two email claims. Any other
 * failure, or too many lost races, rolls back and becomes {@link DatabaseUnavailableException}.
 */
public final class Transactions {

    private static final int MAX_ATTEMPTS = 5;
    // unique_violation, serialization_failure, deadlock_detected
    private static final Set<String> RETRYABLE_STATES = Set.of("23505", "40001", "40P01");

    private final SessionFactory sessionFactory;

    public Transactions(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    public <R> R inTransaction(Function<Session, R> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return sessionFactory.fromTransaction(work);
            } catch (PersistenceException e) {
                if (!lostARace(e)) {
                    throw new DatabaseUnavailableException("transaction failed", e);
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new DatabaseUnavailableException("transaction lost " + attempt + " races in a row", e);
                }
            }
        }
    }

    /** Decided by SQLState, which PostgreSQL keeps stable, rather than by Hibernate's wrapper classes. */
    private static boolean lostARace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && RETRYABLE_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
