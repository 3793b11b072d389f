package dev.clerksync.http;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes JSON answers with the one shared (thread-safe) Jsonb. */
public final class JsonResponses implements AutoCloseable {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    // Nulls are written, not dropped: a user without a phone still has "phoneNumber": null.
    private final Jsonb jsonb = JsonbBuilder.create(new JsonbConfig().withNullValues(true));

    public void write(HttpServletResponse response, int status, Object body) throws IOException {
        send(response, status, JSON, body);
    }

    /**
     * A body serialised once, for answers that never change, such as {@code {"status":"applied"}}:
     * Yasson's per-call work is then paid at start-up, not per request.
     */
    public Fixed fixed(Object body) {
        return new Fixed(jsonb.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    public void write(HttpServletResponse response, int status, Fixed body) throws IOException {
        sendBytes(response, status, JSON, body.bytes);
    }

    public void write(HttpServletResponse response, Problem problem) throws IOException {
        problem.headers().forEach(response::setHeader);
        send(response, problem.status(), PROBLEM_JSON, problem.body());
    }

    private void send(HttpServletResponse response, int status, String contentType, Object body)
            throws IOException {
        sendBytes(response, status, contentType, jsonb.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpServletResponse response, int status, String contentType, byte[] bytes)
            throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            // Yasson releases nothing outside this object; there is nothing left to do.
        }
    }

    /** An answer's JSON bytes, made by {@link #fixed}; never handed out, so never changed. */
    public static final class Fixed {
        private final byte[] bytes;

        private Fixed(byte[] bytes) {
            this.bytes = bytes;
        }
    }
}
