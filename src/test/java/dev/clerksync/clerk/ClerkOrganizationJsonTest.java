package dev.clerksync.clerk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.http.InvalidJsonException;
import dev.clerksync.http.JsonShape;
import dev.clerksync.organizations.MembershipRow;
import dev.clerksync.organizations.OrganizationRow;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClerkOrganizationJsonTest {

    // The fields of Clerk's Organization schema (webhooks 2025-04-15), private_metadata included.
    private static final String ORGANIZATION = """
            {"object":"organization","id":"org_29w9UfqbiaFZazYz","name":"Acme","slug":"acme",
             "image_url":"https://img.clerk.com/x","has_image":true,"members_count":2,
             "max_allowed_memberships":5,"admin_delete_enabled":true,"public_metadata":{"plan":"pro"},
             "private_metadata":{"secret":"never stored"},"created_by":"user_1abc","created_at":1654013202977,
             "updated_at":1654013203000}""";
    private static final String MEMBERSHIP = """
            {"object":"organization_membership","id":"orgmem_29w8ts4zq2GMsD6","role":"org:admin",
             "role_name":"Admin","permissions":["org:sys_memberships:manage"],"public_metadata":{},
             "private_metadata":{},"organization":%s,
             "public_user_data":{"user_id":"user_29w83sxmDNGwOuEthce5gg56FcC","first_name":"Ada"},
             "created_at":1654013203217,"updated_at":1654013203300}""".formatted(ORGANIZATION);

    private static JsonObject parse(String json, JsonShape shape) {
        return shape.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAnOrganizationWithoutItsPrivateMetadata() {
        OrganizationRow row = ClerkOrganizationJson.organization(parse(ORGANIZATION,
                ClerkOrganizationJson.ORGANIZATION_SHAPE), "data");

        assertEquals(new OrganizationRow("org_29w9UfqbiaFZazYz", "Acme", "acme", "https://img.clerk.com/x",
                "{\"plan\":\"pro\"}", 5, "user_1abc", Instant.ofEpochMilli(1654013202977L),
                Instant.ofEpochMilli(1654013203000L)), row);
    }

    @Test
    void readsAMembershipWithItsOrganizationAndUser() {
        MembershipRow row = ClerkOrganizationJson.membership(parse(MEMBERSHIP, ClerkOrganizationJson.MEMBERSHIP_SHAPE),
                "data");

        assertEquals("org_29w9UfqbiaFZazYz", row.organizationId());
        assertEquals("user_29w83sxmDNGwOuEthce5gg56FcC", row.userId());
        assertEquals("org:admin", row.role());
        assertEquals(List.of("org:sys_memberships:manage"), row.permissions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"id\":\"orgmem_29w8ts4zq2GMsD6\"|\"id\":\"user_29w8ts4zq2GMsD6\"",
            "\"user_id\":\"user_29w83sxmDNGwOuEthce5gg56FcC\"|\"user_id\":\"org_29w83sxm\"",
            "\"role\":\"org:admin\"|\"role\":7",
            "\"permissions\":[\"org:sys_memberships:manage\"]|\"permissions\":[1]",
            "\"id\":\"org_29w9UfqbiaFZazYz\"|\"id\":\"orgx_29w9UfqbiaFZazYz\"",
            "\"updated_at\":1654013203300|\"updated_at\":\"yesterday\"",
            "\"public_user_data\":{\"user_id\":\"user_29w83sxmDNGwOuEthce5gg56FcC\",\"first_name\":\"Ada\"},|"})
    void refusesAMembershipWithAWrongField(String replacement) {
        String[] parts = replacement.split("\\|", -1);
        String json = MEMBERSHIP.replace(parts[0], parts[1]);

        assertThrows(InvalidJsonException.class, () -> ClerkOrganizationJson.membership(
                parse(json, ClerkOrganizationJson.MEMBERSHIP_SHAPE), "data"));
    }

    @Test
    void refusesAMembershipWithoutItsOrganization() {
        String json = "{\"id\":\"orgmem_1\",\"role\":\"org:member\",\"permissions\":[],\"public_metadata\":{},"
                + "\"public_user_data\":{\"user_id\":\"user_1\"},\"created_at\":1,\"updated_at\":2}";

        InvalidJsonException e = assertThrows(InvalidJsonException.class, () -> ClerkOrganizationJson.membership(
                parse(json, ClerkOrganizationJson.MEMBERSHIP_SHAPE), "data"));
        assertTrue(e.getMessage().contains("organization"), e.getMessage());
    }
}
