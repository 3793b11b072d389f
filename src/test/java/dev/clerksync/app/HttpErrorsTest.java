package dev.clerksync.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.auth.AccessDeniedException;
import dev.clerksync.auth.InvalidTokenException;
import dev.clerksync.clerk.ClerkApiException;
import dev.clerksync.http.ConflictException;
import dev.clerksync.http.InvalidJsonException;
import dev.clerksync.http.InvalidRequestException;
import dev.clerksync.http.NotFoundException;
import dev.clerksync.http.PayloadTooLargeException;
import dev.clerksync.http.Problem;
import dev.clerksync.metrics.MetricsTokenException;
import dev.clerksync.persistence.CommitQueueFullException;
import dev.clerksync.persistence.DatabaseRefusedException;
import dev.clerksync.persistence.DatabaseUnavailableException;
import dev.clerksync.ratelimit.RateLimitedException;
import dev.clerksync.reconcile.ReconcileRunningException;
import dev.clerksync.support.CapturedLogs;
import dev.clerksync.webhook.MalformedEventException;
import dev.clerksync.webhook.MissingHeadersException;
import dev.clerksync.webhook.SignatureRejectedException;
import jakarta.persistence.PersistenceException;
import java.lang.reflect.Constructor;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one exception → HTTP mapping: every failure's status, title, detail and headers. */
class HttpErrorsTest {

    private static final String INTERNALS = "select * from users where password = 'hunter2'";

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private final HttpErrors errors = new HttpErrors();

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(made(PayloadTooLargeException.class, 1024L),
                        413, "Payload Too Large", "the body is larger than 1024 bytes"),
                Arguments.of(made(MissingHeadersException.class, "svix-id"),
                        400, "Missing signature headers", "missing header svix-id (or its webhook-* equivalent)"),
                Arguments.of(made(SignatureRejectedException.class, "No matching signature found", null),
                        401, "Invalid signature",
                        "the signature matches no signing secret, or the timestamp is more than 5 minutes off"),
                Arguments.of(made(MalformedEventException.class, "data.id is missing; it must be a string"),
                        400, "Malformed event", "data.id is missing; it must be a string; recorded as failed"),
                Arguments.of(new InvalidJsonException("body.role must be a string"),
                        400, "Malformed JSON", "body.role must be a string"),
                Arguments.of(new InvalidRequestException("limit must be a whole number from 1 to 500"),
                        400, "Invalid request", "limit must be a whole number from 1 to 500"),
                Arguments.of(made(InvalidTokenException.class, "the token is not a JWT", true),
                        401, "Unauthorized", "the token is not a JWT"),
                Arguments.of(made(MetricsTokenException.class),
                        401, "Unauthorized", "GET /metrics needs the metrics bearer token"),
                Arguments.of(new AccessDeniedException("the caller does not have the admin role"),
                        403, "Forbidden", "the caller does not have the admin role"),
                Arguments.of(new NotFoundException("no user user_1"), 404, "Not Found", "no user user_1"),
                Arguments.of(ClerkApiException.NotFound.user("user_1"), 404, "Not Found", "Clerk has no user user_1"),
                Arguments.of(new ConflictException("the user is provisional"), 409, "Conflict", "the user is provisional"),
                Arguments.of(made(ReconcileRunningException.class, "a reconcile is running"),
                        409, "Conflict", "a reconcile is running; see GET /api/admin/reconcile"),
                Arguments.of(made(RateLimitedException.class, "too many requests from this caller", 7L),
                        429, "Too Many Requests", "too many requests from this caller"),
                Arguments.of(made(ClerkApiException.RateLimited.class, 42L),
                        429, "Too Many Requests", "Clerk rate-limited the change; try again later"),
                Arguments.of(made(ClerkApiException.Unavailable.class, "Clerk answered 500", null),
                        502, "Bad Gateway", "Clerk's Backend API did not answer usefully; nothing was changed"),
                Arguments.of(made(ClerkApiException.Refused.class, "Clerk refused the request (422)"),
                        502, "Bad Gateway", "Clerk's Backend API did not answer usefully; nothing was changed"),
                Arguments.of(new DatabaseRefusedException("SQLState 22P05: " + INTERNALS, null),
                        500, "Internal Server Error", "the database refused the data; nothing was changed"),
                Arguments.of(new DatabaseUnavailableException("pool timed out", null),
                        503, "Service Unavailable", "the database is unavailable; nothing was changed"),
                Arguments.of(new CommitQueueFullException(256),
                        503, "Service Unavailable", "too many deliveries are waiting for a commit; nothing was changed"),
                Arguments.of(new PersistenceException("could not open connection", new SQLException(INTERNALS, "08006")),
                        503, "Service Unavailable", "the database is unavailable; nothing was changed"),
                Arguments.of(new IllegalStateException(INTERNALS),
                        500, "Internal Server Error", "an unexpected error occurred; see the server log"));
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @MethodSource("failures")
    void everyFailureHasItsStatusTitleAndDetail(Throwable failure, int status, String title, String detail) {
        Problem problem = errors.apply(failure);

        assertEquals(status, problem.status());
        assertEquals(title, problem.title());
        assertEquals(detail, problem.detail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void noDetailCarriesOurInternals(Throwable failure) {
        assertFalse(errors.apply(failure).detail().contains("hunter2"));
    }

    @Test
    void missingTokenIsChallengedWithoutAnErrorCode() {
        Problem problem = errors.apply(made(InvalidTokenException.class, "an Authorization header is required", false));

        assertEquals(Map.of("WWW-Authenticate", "Bearer"), problem.headers());
    }

    @Test
    void invalidTokenIsChallengedWithTheInvalidTokenErrorCode() {
        Problem problem = errors.apply(made(InvalidTokenException.class, "the token is not a JWT", true));

        assertEquals(Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), problem.headers());
    }

    @Test
    void missingMetricsTokenIsChallenged() {
        assertEquals(Map.of("WWW-Authenticate", "Bearer"), errors.apply(made(MetricsTokenException.class)).headers());
    }

    @Test
    void clerkRateLimitPassesClerksRetryAfterOn() {
        Problem problem = errors.apply(made(ClerkApiException.RateLimited.class, 42L));

        assertEquals(Map.of("Retry-After", "42"), problem.headers());
    }

    @Test
    void ourOwnRateLimitTellsTheCallerWhenToComeBack() {
        Problem problem = errors.apply(made(RateLimitedException.class, "too many requests from this caller", 7L));

        assertEquals(Map.of("Retry-After", "7"), problem.headers());
    }

    @Test
    void unavailableDatabaseTellsTheClientWhenToRetry() {
        assertEquals(Map.of("Retry-After", "10"),
                errors.apply(new DatabaseUnavailableException("pool timed out", null)).headers());
        assertEquals(Map.of("Retry-After", "10"), errors.apply(new PersistenceException("closed")).headers());
        assertEquals(Map.of("Retry-After", "10"), errors.apply(new CommitQueueFullException(256)).headers());
    }

    @Test
    void refusedDataIsNotRetryable() {
        assertEquals(Map.of(), errors.apply(new DatabaseRefusedException("SQLState 22P05", null)).headers());
    }

    @Test
    void clientErrorsCarryNoExtraHeaders() {
        assertEquals(Map.of(), errors.apply(new InvalidRequestException("bad")).headers());
        assertEquals(Map.of(), errors.apply(made(PayloadTooLargeException.class, 1024L)).headers());
        assertEquals(Map.of(), errors.apply(new AccessDeniedException("no")).headers());
    }

    @Test
    void unexpectedFailureIsLoggedInFullForTheOperator() {
        errors.apply(new IllegalStateException(INTERNALS));

        assertTrue(logs.lines().stream().anyMatch(line -> line.startsWith("SEVERE Unexpected failure, answering 500")
                && line.contains(INTERNALS)), logs.lines().toString());
    }

    /**
     * An exception whose constructor its package keeps to itself, made the way its package makes
     * it: by the constructor taking these arguments.
     */
    private static <T extends Throwable> T made(Class<T> type, Object... arguments) {
        try {
            Constructor<?> constructor = Arrays.stream(type.getDeclaredConstructors())
                    .filter(candidate -> candidate.getParameterCount() == arguments.length)
                    .findFirst().orElseThrow();
            constructor.setAccessible(true);
            return type.cast(constructor.newInstance(arguments));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot make a " + type.getSimpleName(), e);
        }
    }
}
