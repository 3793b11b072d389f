package dev.clerksync.http;

import java.util.Map;

/**
 * An RFC 9457 problem: the body of every error answer. {@code detail} is written for the
 * client and never holds a stack trace, SQL or a secret.
 *
 * @param headers extra response headers, such as {@code Retry-After}
 */
public record Problem(int status, String title, String detail, Map<String, String> headers) {

    public Problem(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    public Problem {
        headers = Map.copyOf(headers);
    }

    /** The JSON body: {@code type}, {@code title}, {@code status}, {@code detail}. */
    public Map<String, Object> body() {
        return Map.of("type", "about:blank", "title", title, "status", status, "detail", detail);
    }
}
