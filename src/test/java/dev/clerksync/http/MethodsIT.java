package dev.clerksync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.clerksync.support.AdminApiTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every path answers a method it does not serve with 405, problem+json and {@code Allow}; never 501. */
class MethodsIT extends AdminApiTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest
    @CsvSource({
            "PATCH, webhooks/clerk, 'POST, OPTIONS'",
            "PROPFIND, webhooks/clerk, 'POST, OPTIONS'",
            "FOO, webhooks/clerk, 'POST, OPTIONS'",
            "GET, webhooks/clerk, 'POST, OPTIONS'",
            "PUT, webhooks/clerk, 'POST, OPTIONS'",
            "DELETE, webhooks/clerk, 'POST, OPTIONS'",
            "PATCH, health, 'GET, HEAD, OPTIONS'",
            "POST, metrics, 'GET, HEAD, OPTIONS'"})
    void methodAPathDoesNotServeIs405WithAllow(String method, String path, String allow) throws Exception {
        HttpResponse<String> answer = send(method, path, null);

        assertMethodNotAllowed(answer, allow);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PATCH", "PROPFIND", "DELETE", "GET", "FOO"})
    void methodTheAdminApiDoesNotServeIs405ForAnAdministrator(String method) throws Exception {
        HttpResponse<String> answer = send(method, "api/admin/set-role", tokenFor(syncedUser("admin")));

        assertMethodNotAllowed(answer, "POST, OPTIONS");
    }

    @Test
    void statusOfOneUsersReconcileIsNoGetButAProblem405() throws Exception {
        HttpResponse<String> answer = send("GET", "api/admin/reconcile/user_abc", tokenFor(syncedUser("admin")));

        assertMethodNotAllowed(answer, "POST");
    }

    @Test
    void optionsAnswersTheServedMethods() throws Exception {
        HttpResponse<String> answer = send("OPTIONS", "api/me", tokenFor(syncedUser("user")));

        assertEquals(204, answer.statusCode(), answer.body());
        assertEquals("GET, HEAD, OPTIONS", answer.headers().firstValue("Allow").orElse(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PATCH", "PROPFIND", "FOO", "POST"})
    void unknownPathIs404WhateverTheMethod(String method) throws Exception {
        HttpResponse<String> answer = send(method, "nothing-here", null);

        assertEquals(404, answer.statusCode(), answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    }

    @Test
    void traceIsRefusedWith405ByTomcatItself() throws Exception {
        HttpResponse<String> answer = send("TRACE", "health", null);

        assertEquals(405, answer.statusCode(), answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertFalse(answer.body().contains("TRACE /"), "the request must not be echoed: " + answer.body());
    }

    @Test
    void headOfAGetPathIsServed() throws Exception {
        assertEquals(200, send("HEAD", "health", null).statusCode());
    }

    private static void assertMethodNotAllowed(HttpResponse<String> answer, String allow) {
        assertEquals(405, answer.statusCode(), answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals(allow, answer.headers().firstValue("Allow").orElse(""));
        assertFalse(answer.body().contains("Exception"), answer.body());
    }

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
