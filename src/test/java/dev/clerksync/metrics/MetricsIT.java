package dev.clerksync.metrics;

import static dev.clerksync.fixtures.ClerkEvents.membershipCreated;
import static dev.clerksync.fixtures.ClerkEvents.newMembershipId;
import static dev.clerksync.fixtures.ClerkEvents.newOrganizationId;
import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.organizationCreated;
import static dev.clerksync.fixtures.ClerkEvents.organizationUpdated;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.SigningSecrets;
import dev.clerksync.support.DeployedWar;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks.Answer;
import dev.clerksync.support.Webhooks.Delivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: Prometheus text, behind the bearer token, with counters that rise by what was sent. */
class MetricsIT extends DeployedWar {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String DELIVERIES = "clerk_sync_deliveries_total";
    private static final String CREATED_APPLIED = "clerk_sync_deliveries_total{outcome=\"applied\",type=\"user.created\"}";
    private static final String CREATED_DUPLICATE =
            "clerk_sync_deliveries_total{outcome=\"duplicate\",type=\"user.created\"}";
    private static final String REJECTED = "clerk_sync_deliveries_total{outcome=\"rejected\",type=\"unknown\"}";

    @Test
    void scrapeWithoutTheTokenIs401() throws Exception {
        HttpResponse<String> answer = scrape(null);

        assertEquals(401, answer.statusCode());
        assertEquals("Bearer", answer.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void scrapeIsPrometheusTextWithPoolAndJvmGauges() throws Exception {
        HttpResponse<String> answer = scrape(TestEnvironment.METRICS_TOKEN);

        assertEquals(200, answer.statusCode());
        String contentType = answer.headers().firstValue("Content-Type").orElse("").replace(" ", "");
        assertTrue(contentType.startsWith("text/plain;version=0.0.4"), contentType);
        Map<String, Double> samples = samples(answer.body());
        assertTrue(samples.keySet().stream().anyMatch(name -> name.startsWith("hikaricp_connections_active")));
        assertTrue(samples.keySet().stream().anyMatch(name -> name.startsWith("hikaricp_connections_pending")));
        assertTrue(samples.keySet().stream().anyMatch(name -> name.startsWith("jvm_memory_used_bytes")));
    }

    @Test
    void deliveryCountersRiseByExactlyWhatWasSent() throws Exception {
        Map<String, Double> before = samples(scrape(TestEnvironment.METRICS_TOKEN).body());
        Delivery first = webhooks().delivery(userCreated(newUserId()).updatedAt(1_000).json());
        assertEquals("applied", first.post().outcome());
        assertEquals("applied", webhooks().delivery(userCreated(newUserId()).updatedAt(1_000).json()).post().outcome());
        assertEquals("duplicate", first.post().outcome());
        Answer forged = webhooks().delivery(userCreated(newUserId()).json()).signedWith(SigningSecrets.newSecret()).post();
        assertEquals(401, forged.status());

        Map<String, Double> after = samples(scrape(TestEnvironment.METRICS_TOKEN).body());

        assertEquals(2.0, after.get(CREATED_APPLIED) - before.getOrDefault(CREATED_APPLIED, 0.0));
        assertEquals(1.0, after.get(CREATED_DUPLICATE) - before.getOrDefault(CREATED_DUPLICATE, 0.0));
        assertEquals(1.0, after.get(REJECTED) - before.getOrDefault(REJECTED, 0.0));
        assertTrue(after.get("clerk_sync_commit_batch_size_count")
                > before.getOrDefault("clerk_sync_commit_batch_size_count", 0.0));
    }

    @Test
    void organizationAndMembershipDeliveriesAreCountedByTheirOwnTypeAndOutcome() throws Exception {
        String organization = newOrganizationId();
        String membershipApplied = DELIVERIES + "{outcome=\"applied\",type=\"organizationMembership.created\"}";
        String organizationStale = DELIVERIES + "{outcome=\"stale\",type=\"organization.updated\"}";
        Map<String, Double> before = samples(scrape(TestEnvironment.METRICS_TOKEN).body());
        assertEquals("applied", webhooks().delivery(organizationCreated(organization).updatedAt(2_000).json())
                .post().outcome());
        assertEquals("stale", webhooks().delivery(organizationUpdated(organization).updatedAt(1_000).json())
                .post().outcome());
        assertEquals("applied", webhooks().delivery(membershipCreated(newMembershipId(), organization, newUserId())
                .organizationUpdatedAt(2_000).json()).post().outcome());

        Map<String, Double> after = samples(scrape(TestEnvironment.METRICS_TOKEN).body());

        assertEquals(1.0, after.get(organizationStale) - before.getOrDefault(organizationStale, 0.0));
        assertEquals(1.0, after.get(membershipApplied) - before.getOrDefault(membershipApplied, 0.0));
    }

    private HttpResponse<String> scrape(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "metrics"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Prometheus text as sample name with labels → value; comment lines skipped. */
    private static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}
