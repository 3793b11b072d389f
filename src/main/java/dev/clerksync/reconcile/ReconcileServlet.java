package dev.clerksync.reconcile;

import dev.clerksync.clerk.ClerkUserJson;
import dev.clerksync.auth.Caller;
import dev.clerksync.http.BodyReader;
import dev.clerksync.http.Endpoint;
import dev.clerksync.http.InvalidRequestException;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.http.MethodNotAllowedException;
import dev.clerksync.users.ClerkUser;
import dev.clerksync.sync.SyncOutcome;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/admin/reconcile} starts a run on the job thread and waits for it a while: a
 * finished run is answered 200 with its counts, a longer one 202 with its counts so far and where to
 * ask again ({@code GET /api/admin/reconcile}). {@code POST /api/admin/reconcile/{userId}}
 * re-syncs one user. AdminFilter has already checked that the caller is an administrator.
 */
public final class ReconcileServlet extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileServlet.class);
    private static final int MAX_BODY_BYTES = 16 * 1024;
    // Short runs answer at once; a long one must not hold a request thread (or a proxy's timeout) for its duration.
    private static final Duration WAIT_FOR_RUN = Duration.ofSeconds(20);
    static final String STATUS_PATH = "/api/admin/reconcile";

    private final transient BodyReader bodyReader = new BodyReader(MAX_BODY_BYTES);
    private final transient ReconcileJobs jobs;
    private final transient Reconciler reconciler;
    private final transient JsonResponses json;

    public ReconcileServlet(ReconcileJobs jobs, Reconciler reconciler, JsonResponses json) {
        this.jobs = jobs;
        this.reconciler = reconciler;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.equals("/")) {
            startRun(request, response);
            return;
        }
        String userId = path.substring(1);
        if (!ClerkUserJson.ID.matcher(userId).matches()) {
            throw new InvalidRequestException("the path must end in a Clerk user id (user_…)");
        }
        SyncOutcome outcome = reconciler.reconcileOne(userId);
        LOG.info("Reconcile of user {} by {}: {}", userId, Caller.of(request).userId(), outcome);
        json.write(response, HttpServletResponse.SC_OK, Map.of("status", outcome.name().toLowerCase(Locale.ROOT)));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getPathInfo() != null && !request.getPathInfo().equals("/")) {
            throw new MethodNotAllowedException(request.getMethod(), Set.of("POST"));
        }
        json.write(response, HttpServletResponse.SC_OK, jobs.last().map(ReconcileRun::status)
                .map(Object.class::cast).orElse(Map.of("status", "idle")));
    }

    private void startRun(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ReconcileOptions options = ReconcileOptions.fromJson(bodyReader.read(request));
        ReconcileRun run = jobs.start(options);
        LOG.info("Reconcile asked for by {}", Caller.of(request).userId());
        boolean finished;
        try {
            finished = run.await(WAIT_FOR_RUN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the reconcile");
        }
        if (!finished) {
            response.setHeader("Location", request.getContextPath() + STATUS_PATH);
            json.write(response, HttpServletResponse.SC_ACCEPTED, run.status());
        } else if (run.failure() != null) {
            throw run.failure();
        } else {
            json.write(response, HttpServletResponse.SC_OK, run.status());
        }
    }
}
