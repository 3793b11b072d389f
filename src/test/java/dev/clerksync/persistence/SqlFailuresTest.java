package dev.clerksync.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a failed transaction means for a retry, read from the SQLState wherever it sits. */
class SqlFailuresTest {

    @ParameterizedTest(name = "SQLState {0} is {1}")
    @CsvSource({
        "23505, LOST_RACE",
        "40001, LOST_RACE",
        "40P01, LOST_RACE",
        "22P05, REFUSED",
        "22001, REFUSED",
        "22008, REFUSED",
        "23502, REFUSED",
        "23503, REFUSED",
        "23514, REFUSED",
        "54000, REFUSED",
        "08006, UNAVAILABLE",
        "57P01, UNAVAILABLE",
        // What a failover brings (FailoverFaultIT): a connection that reached no primary or lost
        // it, a standby that refuses writes, a server shutting down or still starting.
        "08001, UNAVAILABLE",
        "08003, UNAVAILABLE",
        "25006, UNAVAILABLE",
        "57P02, UNAVAILABLE",
        "57P03, UNAVAILABLE",
        "53300, UNAVAILABLE",
        "25P02, UNAVAILABLE",
        "42P01, UNAVAILABLE",
        "XX000, UNAVAILABLE"})
    void sqlStateDecidesTheKindOfFailure(String sqlState, SqlFailures kind) {
        assertEquals(kind, SqlFailures.classify(new SQLException("failed", sqlState)));
    }

    @Test
    void sqlExceptionWithoutASqlStateIsUnavailable() {
        assertEquals(SqlFailures.UNAVAILABLE, SqlFailures.classify(new SQLException("connection is closed")));
    }

    @Test
    void failureWithNoSqlExceptionInItsChainIsUnavailable() {
        assertEquals(SqlFailures.UNAVAILABLE,
                SqlFailures.classify(new SQLTransientConnectionException("pool timed out after 30000 ms")));
        assertEquals(SqlFailures.UNAVAILABLE, SqlFailures.classify(new IllegalStateException("closed")));
    }

    @Test
    void sqlStateDeepInTheCauseChainIsFound() {
        Throwable wrapped = new RuntimeException("transaction failed",
                new PersistenceException("could not execute batch", new SQLException("duplicate key", "23505")));

        assertEquals(SqlFailures.LOST_RACE, SqlFailures.classify(wrapped));
    }

    @Test
    void sqlExceptionWithoutAStateDefersToItsCause() {
        Throwable batch = new SQLException("batch entry 0 was aborted", null, new SQLException("too long", "22001"));

        assertEquals(SqlFailures.REFUSED, SqlFailures.classify(batch));
    }

    @Test
    void outermostSqlStateWins() {
        Throwable failure = new SQLException("connection lost", "08006", new SQLException("duplicate key", "23505"));

        assertEquals(SqlFailures.UNAVAILABLE, SqlFailures.classify(failure));
    }

    @Test
    void aCauseThatIsItselfEndsTheSearch() {
        Throwable selfCaused = new SelfCausedException();

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals(SqlFailures.UNAVAILABLE, SqlFailures.classify(selfCaused));
            assertEquals("SelfCausedException", SqlFailures.describe(selfCaused));
        });
    }

    @Test
    void descriptionIsTheSqlStateAndTheFirstLineOfTheMessageOnly() {
        Throwable failure = new PersistenceException("could not execute statement", new SQLException(
                "ERROR: unsupported Unicode escape sequence\n  Detail: \\u0000 cannot be converted to text.\n"
                        + "  Where: JSON data, line 1: {\"secret\":\"hunter2\"", "22P05"));

        assertEquals("SQLState 22P05: ERROR: unsupported Unicode escape sequence", SqlFailures.describe(failure));
    }

    @Test
    void descriptionWithoutASqlStateIsTheFailuresClassName() {
        assertEquals("SQLTransientConnectionException",
                SqlFailures.describe(new SQLTransientConnectionException("jdbc:postgresql://db/clerk?password=x")));
    }

    @Test
    void descriptionOfAStateWithoutAMessageSaysNull() {
        assertEquals("SQLState 40001: null", SqlFailures.describe(new SQLException(null, "40001")));
    }

    /** A driver exception that names itself as its cause, which {@link Throwable#initCause} would refuse. */
    private static final class SelfCausedException extends RuntimeException {
        @Override
        public synchronized Throwable getCause() {
            return this;
        }
    }
}
