package dev.clerksync.metrics;

/** A scrape of {@code /metrics} without the configured bearer token. */
public final class MetricsTokenException extends RuntimeException {

    MetricsTokenException() {
        super("GET /metrics needs the metrics bearer token");
    }
}
