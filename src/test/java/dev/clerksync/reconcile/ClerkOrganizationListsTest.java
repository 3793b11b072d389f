package dev.clerksync.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clerksync.clerk.ClerkApiException;
import dev.clerksync.clerk.ClerkClient;
import dev.clerksync.config.Settings;
import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.organizations.OrganizationChange;
import dev.clerksync.organizations.OrganizationRow;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Clerk's organization and membership lists on the wire, against the Backend API stand-in. */
class ClerkOrganizationListsTest {

    private static final int PAGE = 3;

    private static ClerkBackendStandIn clerk;
    private static ClerkClient client;

    private final List<Duration> slept = new ArrayList<>();
    private final List<String> organizationIds = new ArrayList<>();
    private final List<String> membershipIds = new ArrayList<>();

    @BeforeAll
    static void standIn() {
        clerk = new ClerkBackendStandIn();
        client = new ClerkClient(new Settings.ClerkApi(ClerkBackendStandIn.SECRET_KEY, clerk.baseUrl(),
                Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        clerk.close();
    }

    @BeforeEach
    void fiveOrganizationsWithAMemberEach() {
        clerk.reset();
        clerk.removeAllOrganizations();
        for (int i = 0; i < 5; i++) {
            String organization = ClerkEvents.newOrganizationId();
            String membership = ClerkEvents.newMembershipId();
            clerk.putOrganization(ClerkEvents.organizationCreated(organization).data());
            // Created in the reverse order of their ids: the list is ordered by created_at first.
            clerk.putMembership(ClerkEvents.membershipCreated(membership, organization, ClerkEvents.newUserId())
                    .createdAt(2_000_000_000_000L - i).data());
            organizationIds.add(organization);
            membershipIds.add(0, membership);
        }
        organizationIds.sort(null);
    }

    @Test
    void organizationsAreWalkedOldestFirstByOffsetWithTheOrderEncoded() throws InterruptedException {
        ClerkOffsetPages<OrganizationRow> pages = new ClerkOffsetPages<>("organization", client::organizationsAt,
                OrganizationRow::id, PAGE, slept::add);

        List<String> seen = new ArrayList<>();
        for (List<OrganizationRow> page = pages.next(); !page.isEmpty(); page = pages.next()) {
            page.forEach(organization -> seen.add(organization.id()));
        }

        assertEquals(organizationIds, seen);
        assertEquals(List.of("order_by=%2Bcreated_at&limit=3&offset=0", "order_by=%2Bcreated_at&limit=3&offset=2",
                "order_by=%2Bcreated_at&limit=3&offset=4"), queries());
        assertEquals(5, pages.totalCount());
        assertEquals(List.of(), clerk.unexpected());
    }

    @Test
    void membershipsAreWalkedOldestFirstWithTheOrganizationsTheyEmbed() throws InterruptedException {
        ClerkOffsetPages<OrganizationChange.MirrorMembership> pages = new ClerkOffsetPages<>("membership",
                client::membershipsAt, mirror -> mirror.membership().id(), PAGE, slept::add);

        List<String> seen = new ArrayList<>();
        for (List<OrganizationChange.MirrorMembership> page = pages.next(); !page.isEmpty(); page = pages.next()) {
            page.forEach(mirror -> {
                assertEquals(mirror.organization().id(), mirror.membership().organizationId());
                seen.add(mirror.membership().id());
            });
        }

        assertEquals(membershipIds, seen);
        assertEquals("/v1/organization_memberships", clerk.requests().get(0).path());
        assertEquals(List.of(), clerk.unexpected());
    }

    @Test
    void rateLimitedPageIsAskedAgainAfterClerksRetryAfter() throws InterruptedException {
        clerk.rateLimitNext(2, 4);
        ClerkOffsetPages<OrganizationRow> pages = new ClerkOffsetPages<>("organization", client::organizationsAt,
                OrganizationRow::id, PAGE, slept::add);

        assertEquals(PAGE, pages.next().size());
        assertEquals(List.of(Duration.ofSeconds(4), Duration.ofSeconds(4)), slept);
    }

    @Test
    void rateLimitedOverAndOverGivesUp() {
        clerk.rateLimitNext(RateLimitWaits.MAX_RATE_LIMITED_TRIES, 1);
        ClerkOffsetPages<OrganizationRow> pages = new ClerkOffsetPages<>("organization", client::organizationsAt,
                OrganizationRow::id, PAGE, slept::add);

        assertThrows(ClerkApiException.RateLimited.class, pages::next);
        assertEquals(RateLimitWaits.MAX_RATE_LIMITED_TRIES - 1, slept.size());
    }

    @Test
    void clerkFailingIsUnavailable() {
        clerk.failNext(1);

        assertThrows(ClerkApiException.Unavailable.class, () -> client.membershipsAt(0, PAGE));
    }

    @Test
    void limitBeyondClerksIsRefused() {
        assertThrows(ClerkApiException.Refused.class, () -> client.organizationsAt(0, 501));
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=501", "limit=ten", "offset=-1", "order_by=created", "order_by=%2Bslug",
            "order_by=+created_at"})
    void standInRefusesWhatTheSpecDoesNotAllow(String query) throws Exception {
        assertEquals(422, list("/v1/organizations?" + query).statusCode());
        assertEquals(422, list("/v1/organization_memberships?" + query).statusCode());
    }

    @Test
    void standInListsNewestFirstByDefaultWithTheTotalCount() throws Exception {
        JsonObject answer = Json.createReader(new StringReader(list("/v1/organizations?limit=2").body())).readObject();

        assertEquals(5, answer.getInt("total_count"));
        assertEquals(organizationIds.get(4), answer.getJsonArray("data").getJsonObject(0).getString("id"));
        assertEquals(2, answer.getJsonArray("data").size());
    }

    @Test
    void standInSortsMembershipsByTheDocumentedKeys() throws Exception {
        for (String order : List.of("created_at", "-created_at", "%2Bfirst_name", "-username", "email_address")) {
            assertEquals(200, list("/v1/organization_memberships?order_by=" + order).statusCode(), order);
        }
        assertEquals(200, list("/v1/organizations?order_by=-members_count").statusCode());
        assertEquals(200, list("/v1/organizations?order_by=name").statusCode());
        assertEquals(List.of(), clerk.unexpected());
    }

    private static HttpResponse<String> list(String pathAndQuery) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(clerk.baseUrl() + pathAndQuery))
                .header("Authorization", "Bearer " + ClerkBackendStandIn.SECRET_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> queries() {
        return clerk.requests().stream().map(ClerkBackendStandIn.Request::query).toList();
    }
}
