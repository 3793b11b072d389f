package dev.clerksync.support;

import com.svix.Webhook;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Deliveries as Svix makes them, signed with the svix library's own signer, and the client that
 * posts them to the deployed WAR. Variations read as sentences:
 * {@code webhooks.delivery(body).signedAgo(Duration.ofMinutes(6)).post()}.
 */
public final class Webhooks {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI endpoint;

    public Webhooks(URL base) {
        this.endpoint = URI.create(base.toString()).resolve("webhooks/clerk");
    }

    public URI endpoint() {
        return endpoint;
    }

    public Delivery delivery(String body) {
        return new Delivery(body.getBytes(StandardCharsets.UTF_8));
    }

    public static String newMessageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    public final class Delivery {
        private byte[] body;
        private String id = newMessageId();
        private long timestamp = Instant.now().getEpochSecond();
        private String secret = TestEnvironment.SIGNING_SECRET;
        private String signature;
        private String headerPrefix = "svix-";
        private final Map<String, String> omitted = new LinkedHashMap<>();

        private Delivery(byte[] body) {
            this.body = body;
        }

        public Delivery id(String id) {
            this.id = id;
            return this;
        }

        public String id() {
            return id;
        }

        public Delivery signedWith(String secret) {
            this.secret = secret;
            return this;
        }

        public Delivery timestamp(long epochSeconds) {
            this.timestamp = epochSeconds;
            return this;
        }

        /** An explicit svix-signature header value, instead of signing. */
        public Delivery signature(String signature) {
            this.signature = signature;
            return this;
        }

        /** Standard Webhooks' webhook-* header names instead of svix-*. */
        public Delivery withWebhookHeaderNames() {
            this.headerPrefix = "webhook-";
            return this;
        }

        public Delivery without(String header) {
            omitted.put(header, header);
            return this;
        }

        /** Signs the body as it is now, then bumps its updated_at: the signature no longer matches. */
        public Delivery tampered() {
            this.signature = sign();
            this.body = new String(body, StandardCharsets.UTF_8)
                    .replaceFirst("\"updated_at\":\\d+", "\"updated_at\":9999999999999")
                    .getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The same delivery (svix-id, timestamp, body), posted to another node. */
        public Delivery copyTo(Webhooks node) {
            Delivery copy = node.new Delivery(body);
            copy.id = id;
            copy.timestamp = timestamp;
            copy.secret = secret;
            copy.signature = signature;
            return copy;
        }

        public String sign() {
            try {
                return new Webhook(secret).sign(id, timestamp, new String(body, StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        public Answer post() {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            header(request, "id", id);
            header(request, "timestamp", Long.toString(timestamp));
            header(request, "signature", signature == null ? sign() : signature);
            return Answer.send(request.build());
        }

        private void header(HttpRequest.Builder request, String part, String value) {
            if (!omitted.containsKey("svix-" + part)) {
                request.header(headerPrefix + part, value);
            }
        }
    }

    /** An HTTP answer with its JSON body parsed. */
    public record Answer(int status, String contentType, String retryAfter, String wwwAuthenticate, String body,
            String location) {

        public static Answer send(HttpRequest request) {
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                return new Answer(response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""),
                        response.headers().firstValue("Retry-After").orElse(null),
                        response.headers().firstValue("WWW-Authenticate").orElse(null),
                        response.body(),
                        response.headers().firstValue("Location").orElse(null));
            } catch (Exception e) {
                throw new IllegalStateException("request failed: " + request.uri(), e);
            }
        }

        public JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        /** The {@code status} property of a 200 answer: applied, stale, duplicate, ignored. */
        public String outcome() {
            return json().getString("status");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
