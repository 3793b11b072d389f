package dev.clerksync.metrics;

import dev.clerksync.http.Endpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code GET /metrics}: Prometheus text. Open like most scrape targets, unless a token is set:
 * then only {@code Authorization: Bearer <token>} gets the figures.
 */
public final class MetricsServlet extends Endpoint {

    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final transient SyncMetrics metrics;
    private final transient Optional<byte[]> expectedAuthorization;

    public MetricsServlet(SyncMetrics metrics, Optional<String> token) {
        this.metrics = metrics;
        this.expectedAuthorization = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (expectedAuthorization.isPresent() && !authorized(request.getHeader("Authorization"))) {
            throw new MetricsTokenException();
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    // Compared in constant time, so the answer's timing tells nothing about the token.
    private boolean authorized(String header) {
        return header != null && MessageDigest.isEqual(expectedAuthorization.get(), header.getBytes(StandardCharsets.UTF_8));
    }
}
