package dev.clerksync.http;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes JSON answers with the one shared (thread-safe) Jsonb. */
public final class JsonResponses implements AutoCloseable {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    private final Jsonb jsonb = JsonbBuilder.create();

    public void write(HttpServletResponse response, int status, Object body) throws IOException {
        send(response, status, JSON, body);
    }

    public void write(HttpServletResponse response, Problem problem) throws IOException {
        problem.headers().forEach(response::setHeader);
        send(response, problem.status(), PROBLEM_JSON, problem.body());
    }

    private void send(HttpServletResponse response, int status, String contentType, Object body)
            throws IOException {
        byte[] bytes = jsonb.toJson(body).getBytes(StandardCharsets.UTF_8);
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
}
