package dev.clerksync.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Clerk's Backend API (as Clerk's published OpenAPI description, version 2026-05-12, documents it), the one fake the
 * tests allow: it checks the secret key, serves {@code GET /v1/users/{id}},
 * {@code PATCH /v1/users/{id}/metadata} (deep merge, {@code updated_at} bumped, full user
 * returned), {@code GET /v1/users} (a bare array; {@code limit} 1-500, {@code offset},
 * {@code order_by} on {@code created_at}, the {@code starting_after} cursor, each refused with 422
 * where the spec says so) and {@code GET /v1/jwks}; it can be switched to answer 404, 429, 500 or
 * not at all, or to answer 429 (with a chosen {@code Retry-After}) or 500 to the next few calls
 * only; and it records any request it did not expect, for the test to fail on.
 *
 * <p>Two calls Clerk does not have, for development tools only: {@code PUT /dev/users/{id}} with a
 * user object stores it, {@code DELETE /dev/users/{id}} forgets it (both with the secret key). SendEvent
 * uses them so the users its sample events create exist here too, as they would in Clerk.
 */
public final class ClerkBackendStandIn implements AutoCloseable {

    public static final String SECRET_KEY = "sk_test_standin" + Long.toHexString(System.nanoTime());

    /** How the stand-in answers every API call until switched back. */
    public enum Mode { NORMAL, NOT_FOUND, RATE_LIMITED, SERVER_ERROR, HANG }

    private static final Pattern USER = Pattern.compile("/v1/users/(user_[A-Za-z0-9]+)");
    private static final Pattern METADATA = Pattern.compile("/v1/users/(user_[A-Za-z0-9]+)/metadata");
    private static final Pattern DEV_USER = Pattern.compile("/dev/users/(user_[A-Za-z0-9]+)");

    private final String secretKey;
    private final HttpServer server;
    private final Map<String, JsonObject> users = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicLong jwksFetches = new AtomicLong();
    private volatile Mode mode = Mode.NORMAL;
    private final Deque<Failure> nextFailures = new ConcurrentLinkedDeque<>();
    private volatile boolean cursorRefused;
    private volatile String jwks = "{\"keys\":[]}";

    /** The stand-in the tests share, expecting {@link #SECRET_KEY}. */
    public ClerkBackendStandIn() {
        this(SECRET_KEY);
    }

    /** A stand-in that expects {@code secretKey} ({@code sk_…}) as the Bearer of every API call. */
    public ClerkBackendStandIn(String secretKey) {
        this.secretKey = secretKey;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "clerk-stand-in");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** The next {@code times} API calls are answered 429 with this {@code Retry-After}, then as before. */
    public void rateLimitNext(int times, int retryAfterSeconds) {
        for (int i = 0; i < times; i++) {
            nextFailures.add(new Failure(429, error("too_many_requests"), Map.of("Retry-After",
                    Integer.toString(retryAfterSeconds))));
        }
    }

    /** The next {@code times} API calls are answered 500, then as before. */
    public void failNext(int times) {
        for (int i = 0; i < times; i++) {
            nextFailures.add(new Failure(500, error("internal_clerk_error"), Map.of()));
        }
    }

    /** Answers 422 to any {@code starting_after}, as a Clerk without the cursor would. */
    public void refuseCursor() {
        cursorRefused = true;
    }

    public void jwks(String jwksJson) {
        this.jwks = jwksJson;
    }

    public long jwksFetches() {
        return jwksFetches.get();
    }

    /** Stores a user as Clerk would return it. */
    public void put(JsonObject user) {
        users.put(user.getString("id"), user);
    }

    public JsonObject user(String id) {
        return users.get(id);
    }

    /** Deletes a user, as Clerk does: it is no longer listed or found. */
    public void remove(String id) {
        users.remove(id);
    }

    /** Forgets every user, for tests that need to know exactly what Clerk lists. */
    public void removeAllUsers() {
        users.clear();
    }

    /** Requests to the API (not the JWKS) since the last {@link #reset()}. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    public void reset() {
        mode = Mode.NORMAL;
        nextFailures.clear();
        cursorRefused = false;
        requests.clear();
        unexpected.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String body = read(exchange.getRequestBody());
            if (method.equals("GET") && path.equals("/v1/jwks")) {
                jwksFetches.incrementAndGet();
                send(exchange, 200, jwks, Map.of());
                return;
            }
            boolean authorized = ("Bearer " + secretKey).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            Matcher devUser = DEV_USER.matcher(path);
            if (devUser.matches() && authorized) {
                devUser(exchange, method, devUser.group(1), body);
                return;
            }
            requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Authorization"), body,
                    exchange.getRequestURI().getRawQuery()));
            if (!authorized) {
                unexpected.add(method + " " + path + " without the secret key");
                send(exchange, 401, error("authentication_invalid"), Map.of());
                return;
            }
            Failure failure = nextFailures.poll();
            if (failure != null) {
                send(exchange, failure.status(), failure.body(), failure.headers());
                return;
            }
            switch (mode) {
                case HANG -> sleepQuietly();
                case NOT_FOUND -> send(exchange, 404, error("resource_not_found"), Map.of());
                case RATE_LIMITED -> send(exchange, 429, error("too_many_requests"), Map.of("Retry-After", "7"));
                case SERVER_ERROR -> send(exchange, 500, error("internal_clerk_error"), Map.of());
                case NORMAL -> route(exchange, method, path, exchange.getRequestURI().getRawQuery(), body);
            }
        }
    }

    private void route(HttpExchange exchange, String method, String path, String query, String body)
            throws IOException {
        Matcher metadata = METADATA.matcher(path);
        Matcher user = USER.matcher(path);
        if (method.equals("GET") && path.equals("/v1/users")) {
            listUsers(exchange, query == null ? "" : query);
        } else if (method.equals("PATCH") && metadata.matches()) {
            patchMetadata(exchange, metadata.group(1), body);
        } else if (method.equals("GET") && user.matches()) {
            JsonObject found = users.get(user.group(1));
            send(exchange, found == null ? 404 : 200, found == null ? error("resource_not_found") : found.toString(),
                    Map.of());
        } else {
            unexpected.add(method + " " + path);
            send(exchange, 404, error("resource_not_found"), Map.of());
        }
    }

    /**
     * {@code GET /v1/users}: ordered by {@code created_at} (then id, so that ties have an order too),
     * newest first unless {@code order_by=created_at} or {@code +created_at}. Other orderings and
     * the other filters are not served (recorded as unexpected). A cursor naming a user this
     * stand-in does not have is answered 422.
     */
    private void listUsers(HttpExchange exchange, String query) throws IOException {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(pair.substring(0, equals),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        String orderBy = parameters.getOrDefault("order_by", "-created_at");
        int limit = Integer.parseInt(parameters.getOrDefault("limit", "10"));
        long offset = Long.parseLong(parameters.getOrDefault("offset", "0"));
        String startingAfter = parameters.get("starting_after");
        if (!List.of("created_at", "+created_at", "-created_at").contains(orderBy)) {
            unexpected.add("GET /v1/users?" + query);
            send(exchange, 422, error("form_param_value_invalid"), Map.of());
            return;
        }
        if (limit < 1 || limit > 500 || offset < 0 || startingAfter != null && (offset > 0 || cursorRefused)) {
            send(exchange, 422, error("form_param_value_invalid"), Map.of());
            return;
        }
        Comparator<JsonObject> order = Comparator.<JsonObject>comparingLong(u -> u.getJsonNumber("created_at")
                .longValue()).thenComparing(u -> u.getString("id"));
        List<JsonObject> sorted = new ArrayList<>(users.values());
        sorted.sort(orderBy.startsWith("-") ? order.reversed() : order);
        int from = (int) Math.min(offset, sorted.size());
        if (startingAfter != null) {
            from = -1;
            for (int i = 0; i < sorted.size() && from < 0; i++) {
                from = sorted.get(i).getString("id").equals(startingAfter) ? i + 1 : -1;
            }
            if (from < 0) {
                send(exchange, 422, error("form_param_value_invalid"), Map.of());
                return;
            }
        }
        JsonArrayBuilder page = Json.createArrayBuilder();
        sorted.subList(from, Math.min(sorted.size(), from + limit)).forEach(page::add);
        send(exchange, 200, page.build().toString(), Map.of());
    }

    /** The development-only registry calls; not Clerk's API, so neither recorded nor subject to the mode. */
    private void devUser(HttpExchange exchange, String method, String id, String body) throws IOException {
        switch (method) {
            case "PUT" -> {
                JsonObject user;
                try {
                    user = Json.createReader(new StringReader(body)).readObject();
                } catch (RuntimeException e) {
                    send(exchange, 400, error("form_param_format_invalid"), Map.of());
                    return;
                }
                if (!id.equals(user.getString("id", null)) || !(user.get("updated_at") instanceof JsonNumber)) {
                    send(exchange, 400, error("form_param_value_invalid"), Map.of());
                    return;
                }
                users.put(id, user);
                send(exchange, 200, user.toString(), Map.of());
            }
            case "DELETE" -> {
                JsonObject removed = users.remove(id);
                send(exchange, removed == null ? 404 : 200, removed == null ? error("resource_not_found")
                        : "{\"deleted\":true,\"id\":\"" + id + "\",\"object\":\"user\"}", Map.of());
            }
            default -> send(exchange, 405, error("method_not_allowed"), Map.of());
        }
    }

    private void patchMetadata(HttpExchange exchange, String id, String body) throws IOException {
        JsonObject existing = users.get(id);
        if (existing == null) {
            send(exchange, 404, error("resource_not_found"), Map.of());
            return;
        }
        JsonObject patch = Json.createReader(new StringReader(body)).readObject();
        JsonObjectBuilder updated = Json.createObjectBuilder(existing);
        for (String field : List.of("public_metadata", "private_metadata", "unsafe_metadata")) {
            if (patch.containsKey(field)) {
                JsonObject current = existing.containsKey(field) && existing.get(field) instanceof JsonObject o
                        ? o : JsonValue.EMPTY_JSON_OBJECT;
                updated.add(field, deepMerge(current, patch.getJsonObject(field)));
            }
        }
        long version = Math.max(System.currentTimeMillis(), existing.getJsonNumber("updated_at").longValue() + 1);
        JsonObject result = updated.add("updated_at", version).build();
        users.put(id, result);
        send(exchange, 200, result.toString(), Map.of());
    }

    /** Clerk's merge: objects merge recursively, a null removes the key, anything else replaces. */
    static JsonObject deepMerge(JsonObject current, JsonObject patch) {
        JsonObjectBuilder merged = Json.createObjectBuilder(current);
        patch.forEach((key, value) -> {
            if (value == JsonValue.NULL) {
                merged.remove(key);
            } else if (value instanceof JsonObject object && current.get(key) instanceof JsonObject existing) {
                merged.add(key, deepMerge(existing, object));
            } else {
                merged.add(key, value);
            }
        });
        return merged.build();
    }

    private static String error(String code) {
        return "{\"errors\":[{\"message\":\"" + code + "\",\"long_message\":\"" + code + "\",\"code\":\"" + code
                + "\"}]}";
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Failure(int status, String body, Map<String, String> headers) {
    }

    /** One API call as the stand-in received it ({@code query} raw, null when there is none). */
    public record Request(String method, String path, String authorization, String body, String query) {
    }
}
