package dev.clerksync.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Clerk's Backend API (shared/clerk/bapi_2026-05-12.yml), the one fake the
 * tests allow: it checks the secret key, serves {@code GET /v1/users/{id}},
 * {@code PATCH /v1/users/{id}/metadata} (deep merge, {@code updated_at} bumped, full user
 * returned), {@code GET /v1/users} and {@code GET /v1/jwks}; it can be switched to answer 404,
 * 429, 500 or not at all; and it records any request it did not expect, for the test to fail on.
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

    /** Requests to the API (not the JWKS) since the last {@link #reset()}. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    public void reset() {
        mode = Mode.NORMAL;
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
            requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Authorization"), body));
            if (!authorized) {
                unexpected.add(method + " " + path + " without the secret key");
                send(exchange, 401, error("authentication_invalid"), Map.of());
                return;
            }
            switch (mode) {
                case HANG -> sleepQuietly();
                case NOT_FOUND -> send(exchange, 404, error("resource_not_found"), Map.of());
                case RATE_LIMITED -> send(exchange, 429, error("too_many_requests"), Map.of("Retry-After", "7"));
                case SERVER_ERROR -> send(exchange, 500, error("internal_clerk_error"), Map.of());
                case NORMAL -> route(exchange, method, path, body);
            }
        }
    }

    private void route(HttpExchange exchange, String method, String path, String body) throws IOException {
        Matcher metadata = METADATA.matcher(path);
        Matcher user = USER.matcher(path);
        if (method.equals("PATCH") && metadata.matches()) {
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

    /** One API call as the stand-in received it. */
    public record Request(String method, String path, String authorization, String body) {
    }
}
