package dev.clerksync.clerk;

import dev.clerksync.config.Settings;
import dev.clerksync.http.InvalidJsonException;
import dev.clerksync.http.JsonFields;
import dev.clerksync.http.JsonShape;
import dev.clerksync.organizations.OrganizationChange;
import dev.clerksync.organizations.OrganizationRow;
import dev.clerksync.users.ClerkUser;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Clerk's Backend API, the calls we make: read a user, list users a page at a time, merge
 * {@code public_metadata}, and change a member's role in an organization.
 * Every call has a connect and a request timeout, reads the whole response, and turns anything
 * but a 200 into a {@link ClerkApiException}.
 */
public final class ClerkClient {

    private static final long DEFAULT_RETRY_AFTER_SECONDS = 10;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    // Oldest first: the only order Clerk's cursor accepts, and one that puts users created during a walk at its end.
    private static final String LIST_QUERY = "order_by=created_at&limit=";
    // The organization lists page by offset only; "+" encoded, or it would arrive as a space.
    private static final String OFFSET_LIST_QUERY = "order_by=%2Bcreated_at&limit=";
    private static final JsonShape ORGANIZATION_LIST = JsonShape.of("total_count")
            .with("data", ClerkOrganizationJson.ORGANIZATION_SHAPE);
    private static final JsonShape MEMBERSHIP_LIST = JsonShape.of("total_count")
            .with("data", ClerkOrganizationJson.MEMBERSHIP_SHAPE);

    /** One page of an offset-paged list ({@code {"data":[…],"total_count":N}}): its objects and the list's length. */
    public record Page<T>(List<T> data, long totalCount) {
    }

    private final HttpClient http;
    private final URI baseUrl;
    private final String authorization;
    private final Duration timeout;

    public ClerkClient(Settings.ClerkApi api) {
        this.http = outsideThisWebapp(HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT.compareTo(api.timeout()) < 0 ? CONNECT_TIMEOUT : api.timeout())
                .followRedirects(HttpClient.Redirect.NEVER));
        String base = api.baseUrl().toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        this.authorization = "Bearer " + api.secretKey();
        this.timeout = api.timeout();
    }

    /**
     * Java 17's HttpClient has no close(): its selector thread lives until the client is garbage.
     * Started under the system class loader, that thread does not pin this webapp's class loader
     * after undeploy, which Tomcat would rightly report as a leak.
     */
    private static HttpClient outsideThisWebapp(HttpClient.Builder builder) {
        Thread thread = Thread.currentThread();
        ClassLoader webapp = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            return builder.build();
        } finally {
            thread.setContextClassLoader(webapp);
        }
    }

    /** {@code GET /v1/users/{id}}. */
    public ClerkUser user(String userId) {
        return parseUser(send(request("v1/users/" + encode(userId)).GET().build(), "user " + userId));
    }

    /**
     * {@code GET /v1/users?order_by=created_at&limit=…&starting_after=…}: oldest first, the page after
     * the user {@code startingAfter} (null: the first page). Clerk documents this cursor as the way
     * to walk many pages: a page costs the same wherever it sits, and users created meanwhile come
     * at the end. Fewer than {@code limit} users: the last page.
     */
    public List<ClerkUser> usersAfter(String startingAfter, int limit) {
        String query = LIST_QUERY + limit + (startingAfter == null ? "" : "&starting_after=" + encode(startingAfter));
        return parseUsers(send(request("v1/users?" + query).GET().build(), null));
    }

    /** The same list by position ({@code offset}), for a Clerk that refuses the cursor. */
    public List<ClerkUser> usersAt(long offset, int limit) {
        return parseUsers(send(request("v1/users?" + LIST_QUERY + limit + "&offset=" + offset).GET().build(), null));
    }

    /**
     * {@code GET /v1/organizations?order_by=+created_at&limit=…&offset=…}: oldest first, by position.
     * Clerk offers no cursor here; organizations created meanwhile come at the end.
     */
    public Page<OrganizationRow> organizationsAt(long offset, int limit) {
        JsonObject list = parseList(send(request("v1/organizations?" + OFFSET_LIST_QUERY + limit + "&offset=" + offset)
                .GET().build(), null), ORGANIZATION_LIST, "organization");
        try {
            JsonArray data = list.getJsonArray("data");
            List<OrganizationRow> organizations = new ArrayList<>(data.size());
            for (int i = 0; i < data.size(); i++) {
                organizations.add(ClerkOrganizationJson.organization(data.getJsonObject(i), "data[" + i + "]"));
            }
            return new Page<>(organizations, list.getJsonNumber("total_count").longValue());
        } catch (InvalidJsonException | ClassCastException e) {
            throw new ClerkApiException.Unavailable("Clerk answered an organization list we cannot read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * {@code GET /v1/organization_memberships?order_by=+created_at&limit=…&offset=…}: every membership of
     * the instance, oldest first, each with the organization it embeds.
     */
    public Page<OrganizationChange.MirrorMembership> membershipsAt(long offset, int limit) {
        JsonObject list = parseList(send(request("v1/organization_memberships?" + OFFSET_LIST_QUERY + limit
                + "&offset=" + offset).GET().build(), null), MEMBERSHIP_LIST, "membership");
        try {
            JsonArray data = list.getJsonArray("data");
            List<OrganizationChange.MirrorMembership> memberships = new ArrayList<>(data.size());
            for (int i = 0; i < data.size(); i++) {
                JsonObject membership = data.getJsonObject(i);
                memberships.add(new OrganizationChange.MirrorMembership(
                        ClerkOrganizationJson.membership(membership, "data[" + i + "]"),
                        ClerkOrganizationJson.embeddedOrganization(membership, "data[" + i + "]")));
            }
            return new Page<>(memberships, list.getJsonNumber("total_count").longValue());
        } catch (InvalidJsonException | ClassCastException e) {
            throw new ClerkApiException.Unavailable("Clerk answered a membership list we cannot read: "
                    + e.getMessage(), e);
        }
    }

    /** {@code PATCH /v1/users/{id}/metadata}: Clerk deep-merges, so other metadata keys survive. */
    public ClerkUser setRole(String userId, String role) {
        String body = Json.createObjectBuilder()
                .add("public_metadata", Json.createObjectBuilder().add("role", role))
                .build().toString();
        HttpRequest request = request("v1/users/" + encode(userId) + "/metadata")
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return parseUser(send(request, "user " + userId));
    }

    /**
     * {@code PATCH /v1/organizations/{organization_id}/memberships/{user_id}}: Clerk answers the
     * membership with its new role, role name and permissions, and the organization it embeds.
     */
    public OrganizationChange.MirrorMembership setOrganizationRole(String organizationId, String userId, String role) {
        String body = Json.createObjectBuilder().add("role", role).build().toString();
        HttpRequest request = request("v1/organizations/" + encode(organizationId) + "/memberships/" + encode(userId))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        byte[] answer = send(request, "membership of user " + userId + " in organization " + organizationId);
        try {
            JsonObject membership = ClerkOrganizationJson.MEMBERSHIP_SHAPE.parse(answer);
            return new OrganizationChange.MirrorMembership(ClerkOrganizationJson.membership(membership, "membership"),
                    ClerkOrganizationJson.embeddedOrganization(membership, "membership"));
        } catch (InvalidJsonException e) {
            throw new ClerkApiException.Unavailable("Clerk answered a membership we cannot read: " + e.getMessage(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    /**
     * The body of Clerk's 200; anything else is a {@link ClerkApiException}.
     *
     * @param what the one object asked for, for a 404's message ("user user_…"); null for a list
     */
    private byte[] send(HttpRequest request, String what) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ClerkApiException.Unavailable("Clerk did not answer within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new ClerkApiException.Unavailable("Clerk could not be reached: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClerkApiException.Unavailable("interrupted while calling Clerk", e);
        }
        return switch (response.statusCode()) {
            case 200 -> response.body();
            case 404 -> throw what == null ? new ClerkApiException.Unavailable("Clerk answered 404", null)
                    : new ClerkApiException.NotFound(what);
            case 422 -> throw new ClerkApiException.Refused("Clerk refused the request (422)");
            case 429 -> throw new ClerkApiException.RateLimited(retryAfter(response));
            default -> throw new ClerkApiException.Unavailable("Clerk answered " + response.statusCode(), null);
        };
    }

    private static ClerkUser parseUser(byte[] body) {
        try {
            return ClerkUserJson.fromJson(JsonFields.parseObject(body), "user");
        } catch (InvalidJsonException e) {
            throw new ClerkApiException.Unavailable("Clerk answered a user we cannot read: " + e.getMessage(), e);
        }
    }

    /** A bare JSON array of users, each parsed to the members we keep. */
    private static List<ClerkUser> parseUsers(byte[] body) {
        try {
            List<JsonObject> objects = ClerkUserJson.JSON_SHAPE.parseArray(body);
            List<ClerkUser> users = new ArrayList<>(objects.size());
            for (int i = 0; i < objects.size(); i++) {
                users.add(ClerkUserJson.fromJson(objects.get(i), "users[" + i + "]"));
            }
            return users;
        } catch (InvalidJsonException e) {
            throw new ClerkApiException.Unavailable("Clerk answered a user list we cannot read: " + e.getMessage(), e);
        }
    }

    /** {@code {"data":[…],"total_count":N}}, with what {@code shape} keeps of each object. */
    private static JsonObject parseList(byte[] body, JsonShape shape, String kind) {
        try {
            JsonObject list = shape.parse(body);
            if (!(list.get("data") instanceof JsonArray) || !(list.get("total_count") instanceof JsonNumber)) {
                throw new InvalidJsonException("data must be an array and total_count a number");
            }
            return list;
        } catch (InvalidJsonException e) {
            throw new ClerkApiException.Unavailable("Clerk answered a " + kind + " list we cannot read: "
                    + e.getMessage(), e);
        }
    }

    private static long retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After")
                .map(String::trim)
                .filter(value -> value.matches("\\d{1,6}"))
                .map(Long::parseLong)
                .orElse(DEFAULT_RETRY_AFTER_SECONDS);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
    }
}
