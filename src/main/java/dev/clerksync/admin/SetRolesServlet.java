package dev.clerksync.admin;

import static dev.clerksync.http.JsonFields.optionalArray;
import static dev.clerksync.http.JsonFields.parseObject;
import static dev.clerksync.http.JsonFields.requiredString;

import dev.clerksync.auth.Caller;
import dev.clerksync.clerk.ClerkApiException;
import dev.clerksync.http.BodyReader;
import dev.clerksync.http.Endpoint;
import dev.clerksync.http.InvalidJsonException;
import dev.clerksync.http.InvalidRequestException;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.http.Problem;
import dev.clerksync.users.UserView;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code POST /api/admin/set-roles}: the bulk form of set-role. Each assignment is checked as
 * set-role checks it and applied one by one through the same {@link RoleAssigner}; each gets its own
 * status, mapped from its failure by the application's one exception mapping. Once Clerk answers
 * 429, the assignments not yet applied are not tried: they get 429 too, and the answer carries
 * Clerk's {@code Retry-After}.
 */
public final class SetRolesServlet extends Endpoint {

    static final int MAX_ASSIGNMENTS = 100;
    // 100 assignments of an id and a role fit easily; anything far larger is not a request of ours.
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final transient BodyReader bodyReader = new BodyReader(MAX_BODY_BYTES);
    private final transient RoleAssigner roles;
    private final transient Function<Throwable, Problem> errors;
    private final transient JsonResponses json;

    public SetRolesServlet(RoleAssigner roles, Function<Throwable, Problem> errors, JsonResponses json) {
        this.roles = roles;
        this.errors = errors;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String callerId = Caller.of(request).userId();
        List<JsonObject> assignments = assignments(parseObject(bodyReader.read(request)));
        List<Map<String, Object>> results = new ArrayList<>(assignments.size());
        Problem rateLimited = null;
        for (JsonObject assignment : assignments) {
            String targetUserId = assignment.get("targetUserId") instanceof JsonString id
                    ? id.getString() : null;
            try {
                String role = requiredString(assignment, "assignment", "role");
                roles.check(callerId, requiredString(assignment, "assignment", "targetUserId"), role);
                if (rateLimited != null) {
                    results.add(failed(targetUserId, rateLimited));
                    continue;
                }
                results.add(succeeded(targetUserId, roles.assign(callerId, targetUserId, role)));
            } catch (ClerkApiException.RateLimited e) {
                rateLimited = errors.apply(e);
                results.add(failed(targetUserId, rateLimited));
            } catch (RuntimeException e) {
                results.add(failed(targetUserId, errors.apply(e)));
            }
        }
        if (rateLimited != null) {
            rateLimited.headers().forEach(response::setHeader);
        }
        json.write(response, HttpServletResponse.SC_OK, Map.of("results", results));
    }

    /** The list itself must be sound; what is wrong inside one assignment is that assignment's answer. */
    private static List<JsonObject> assignments(JsonObject body) {
        JsonArray array = optionalArray(body, "body", "assignments");
        if (array.isEmpty() || array.size() > MAX_ASSIGNMENTS) {
            throw new InvalidRequestException("assignments must hold 1 to " + MAX_ASSIGNMENTS + " items");
        }
        List<JsonObject> assignments = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidJsonException("body.assignments[" + i + "] must be an object");
            }
            assignments.add(array.getJsonObject(i));
        }
        return assignments;
    }

    private static Map<String, Object> succeeded(String targetUserId, UserView user) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("targetUserId", targetUserId);
        result.put("status", HttpServletResponse.SC_OK);
        result.put("role", user.role());
        return result;
    }

    private static Map<String, Object> failed(String targetUserId, Problem problem) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("targetUserId", targetUserId);
        result.put("status", problem.status());
        result.put("title", problem.title());
        return result;
    }
}
