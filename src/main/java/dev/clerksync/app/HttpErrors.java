package dev.clerksync.app;

import dev.clerksync.auth.AccessDeniedException;
import dev.clerksync.auth.InvalidTokenException;
import dev.clerksync.clerk.ClerkApiException;
import dev.clerksync.http.ConflictException;
import dev.clerksync.http.InvalidJsonException;
import dev.clerksync.http.InvalidRequestException;
import dev.clerksync.http.LogValues;
import dev.clerksync.http.MethodNotAllowedException;
import dev.clerksync.http.NotFoundException;
import dev.clerksync.http.PayloadTooLargeException;
import dev.clerksync.http.Problem;
import dev.clerksync.metrics.MetricsTokenException;
import dev.clerksync.persistence.CommitQueueFullException;
import dev.clerksync.persistence.DatabaseRefusedException;
import dev.clerksync.persistence.DatabaseUnavailableException;
import dev.clerksync.ratelimit.RateLimitedException;
import dev.clerksync.reconcile.ReconcileRunningException;
import dev.clerksync.webhook.MalformedEventException;
import dev.clerksync.webhook.MissingHeadersException;
import dev.clerksync.webhook.SignatureRejectedException;
import jakarta.persistence.PersistenceException;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where exceptions become HTTP answers. Details are the client's, never our internals. */
final class HttpErrors implements Function<Throwable, Problem> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    // Svix retries on its own schedule; this tells any other client how long an outage usually lasts.
    static final String RETRY_AFTER_SECONDS = "10";

    @Override
    public Problem apply(Throwable failure) {
        if (failure instanceof PayloadTooLargeException e) {
            return new Problem(413, "Payload Too Large", e.getMessage());
        }
        if (failure instanceof MissingHeadersException e) {
            return new Problem(400, "Missing signature headers", e.getMessage());
        }
        if (failure instanceof SignatureRejectedException) {
            return new Problem(401, "Invalid signature",
                    "the signature matches no signing secret, or the timestamp is more than 5 minutes off");
        }
        if (failure instanceof MalformedEventException e) {
            return new Problem(400, "Malformed event", e.getMessage() + "; recorded as failed");
        }
        if (failure instanceof InvalidJsonException e) {
            return new Problem(400, "Malformed JSON", e.getMessage());
        }
        if (failure instanceof InvalidRequestException e) {
            return new Problem(400, "Invalid request", e.getMessage());
        }
        if (failure instanceof InvalidTokenException e) {
            // RFC 6750: no error code when the request carried no token at all.
            String challenge = e.tokenPresent() ? "Bearer error=\"invalid_token\"" : "Bearer";
            return new Problem(401, "Unauthorized", e.getMessage(), Map.of("WWW-Authenticate", challenge));
        }
        if (failure instanceof MetricsTokenException e) {
            return new Problem(401, "Unauthorized", e.getMessage(), Map.of("WWW-Authenticate", "Bearer"));
        }
        if (failure instanceof MethodNotAllowedException e) {
            return new Problem(405, "Method Not Allowed", e.getMessage(), Map.of("Allow", e.allowed()));
        }
        if (failure instanceof NotFoundException e) {
            return new Problem(404, "Not Found", e.getMessage());
        }
        if (failure instanceof ConflictException e) {
            return new Problem(409, "Conflict", e.getMessage());
        }
        if (failure instanceof AccessDeniedException e) {
            return new Problem(403, "Forbidden", e.getMessage());
        }
        if (failure instanceof ReconcileRunningException e) {
            return new Problem(409, "Conflict", e.getMessage() + "; see GET /api/admin/reconcile");
        }
        if (failure instanceof ClerkApiException.NotFound e) {
            return new Problem(404, "Not Found", e.getMessage());
        }
        if (failure instanceof ClerkApiException.RateLimited e) {
            return new Problem(429, "Too Many Requests", "Clerk rate-limited the change; try again later",
                    Map.of("Retry-After", Long.toString(e.retryAfterSeconds())));
        }
        if (failure instanceof RateLimitedException e) {
            return new Problem(429, "Too Many Requests", e.getMessage(),
                    Map.of("Retry-After", Long.toString(e.retryAfterSeconds())));
        }
        if (failure instanceof ClerkApiException.Unavailable e) {
            LOG.warn("Clerk Backend API failed, answering 502: {}", LogValues.of(e.getMessage()));
            return new Problem(502, "Bad Gateway", "Clerk's Backend API did not answer usefully; nothing was changed");
        }
        if (failure instanceof DatabaseRefusedException e) {
            // Not 503: retrying the same data is refused the same way. The webhook records these itself.
            LOG.warn("Database refused the data, answering 500: {}", LogValues.of(e.getMessage()));
            return new Problem(500, "Internal Server Error", "the database refused the data; nothing was changed");
        }
        if (failure instanceof CommitQueueFullException) {
            return new Problem(503, "Service Unavailable", "too many deliveries are waiting for a commit; nothing was changed",
                    Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
        if (failure instanceof DatabaseUnavailableException || failure instanceof PersistenceException) {
            LOG.warn("Database unavailable, answering 503: {}", rootCause(failure));
            return new Problem(503, "Service Unavailable", "the database is unavailable; nothing was changed",
                    Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
        LOG.error("Unexpected failure, answering 500", failure);
        return new Problem(500, "Internal Server Error", "an unexpected error occurred; see the server log");
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
