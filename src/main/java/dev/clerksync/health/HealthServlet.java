package dev.clerksync.health;

import dev.clerksync.http.Endpoint;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.persistence.Database;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** {@code GET /health}: UP when the database answers, else 503 DOWN. */
public final class HealthServlet extends Endpoint {

    private final transient Database database;
    private final transient JsonResponses json;
    private final transient JsonResponses.Fixed up;
    private final transient JsonResponses.Fixed down;

    public HealthServlet(Database database, JsonResponses json) {
        this.database = database;
        this.json = json;
        this.up = json.fixed(Map.of("status", "UP"));
        this.down = json.fixed(Map.of("status", "DOWN"));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (database.isReachable()) {
            json.write(response, HttpServletResponse.SC_OK, up);
        } else {
            json.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, down);
        }
    }
}
