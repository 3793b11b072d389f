package dev.clerksync.tools;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SendEventTest {

    @Test
    void signsTheOfficialStandardWebhooksVector() {
        byte[] payload = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

        String signature = SendEvent.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, payload);

        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    @Test
    void aFreshUserGetsAnEmailMadeOfItsOwnNames() {
        assertEquals("grace.hopper.3ab9xz@example.com",
                SendEvent.defaultEmail("Grace", "Hopper", "user_2abcdefghijklmnopqrstu3AB9xZ"));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", quoteCharacter = '"', value = {
        "Zoë,      Ngô,     zoe.ngo.",
        "Mary Ann, O'Neil,  maryann.oneil.",
        "Grace,    NULL,    grace.",
        "张,       伟,       user.",
    })
    void defaultEmailKeepsTheAsciiOfTheNamesElseFallsBackToTheId(String first, String last, String local) {
        assertEquals(local + "4567ab@example.com", SendEvent.defaultEmail(first, last, "user_01234567AB"));
    }

    @Test
    void aUserReadBackFromClerksJsonIsTheUserThatWasSent() {
        SendEvent.User sent = new SendEvent.User("user_1", "grace@example.com", "idn_e", "Grace", "Hopper", "amazing",
                "admin", "+15555550100", "idn_p", 1_700_000_000_000L);

        SendEvent.User read = SendEvent.User.fromClerk(SendEvent.JsonParser.parseObject(sent.toJson(1_700_000_000_500L)));

        assertEquals(sent, read);
    }

    @Test
    void parsesTheJsonClerkAnswersWith() {
        Map<String, Object> user = SendEvent.JsonParser.parseObject(
                " {\"id\":\"user_1\", \"n\": -1.5e2, \"ok\": true, \"none\": null,"
                        + " \"list\": [1, \"Zo\\u00eb \\\"q\\\"\", {}], \"obj\": {\"role\": \"admin\"}} ");

        assertEquals("user_1", user.get("id"));
        assertEquals(0, new BigDecimal("-150").compareTo((BigDecimal) user.get("n")));
        assertEquals(Boolean.TRUE, user.get("ok"));
        assertTrue(user.containsKey("none") && user.get("none") == null);
        assertEquals(List.of(new BigDecimal("1"), "Zoë \"q\"", Map.of()), user.get("list"));
        assertEquals(Map.of("role", "admin"), user.get("obj"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"a\":1", "{\"a\":1} x", "{\"a\":tru}", "{\"a\":\"b}"})
    void refusesWhatIsNotOneJsonObject(String text) {
        assertThrows(IllegalArgumentException.class, () -> SendEvent.JsonParser.parseObject(text));
    }

    @Test
    void sendsNineEventTypesOfThreeKinds() {
        assertEquals(List.of("user.created", "user.updated", "user.deleted",
                "organization.created", "organization.updated", "organization.deleted",
                "organizationMembership.created", "organizationMembership.updated", "organizationMembership.deleted"),
                SendEvent.Kind.allTypes());
    }

    @Test
    void parsesAnOrganizationsNameAndSlug() {
        SendEvent.Options options = SendEvent.Options.parse(new String[] {
            "organization.created", "--name", "Acme Labs", "--slug", "acme-labs", "--id", "org_1"});

        assertEquals(SendEvent.Kind.ORGANIZATION, options.kind);
        assertEquals("Acme Labs", options.name);
        assertEquals("acme-labs", options.slug);
        assertEquals("org_1", options.id);
    }

    @Test
    void parsesAMembershipsOrganizationUserAndRole() {
        SendEvent.Options options = SendEvent.Options.parse(new String[] {
            "organizationMembership.created", "--org", "org_1", "--user", "user_2", "--role", "org:admin"});

        assertEquals(SendEvent.Kind.MEMBERSHIP, options.kind);
        assertEquals("org_1", options.org);
        assertEquals("user_2", options.user);
        assertEquals("org:admin", options.role);
    }

    @Test
    void aMembershipNeedsNoOptionsItsDefaultsComeFromWhatWasSentBefore() {
        SendEvent.Options options = SendEvent.Options.parse(new String[] {"organizationMembership.deleted"});

        assertEquals(SendEvent.Kind.MEMBERSHIP, options.kind);
        assertEquals(null, options.org);
        assertEquals(null, options.user);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "user.created --name Acme                          | --name is for organization events, not user.created",
        "organization.created --user user_1                | --user is for membership events, not organization.created",
        "organizationMembership.created --email a@b.c      | --email is for user events, not organizationMembership.created",
        "organization.updated --role org:admin             | --role is for user events and membership events, not organization.updated",
        "organization.created --id user_1                  | --id must be a Clerk organization id (org_…)",
        "organizationMembership.updated --id org_1         | --id must be a Clerk membership id (orgmem_…)",
        "organizationMembership.created --org user_1       | --org must be a Clerk organization id (org_…)",
        "organizationMembership.created --user org_1       | --user must be a Clerk user id (user_…)",
        "user.deleted --id org_1                           | --id must be a Clerk user id (user_…)",
        "organization.renamed                              | name the event type: one of [user.created",
        "organizationMembership.created --org              | --org needs a value",
        "--replay organization.created                     | --replay re-sends the previous delivery; it takes no event type",
    })
    void refusesArgumentsThatDoNotFitTheEvent(String arguments, String message) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SendEvent.Options.parse(arguments.trim().split(" +")));

        assertTrue(refused.getMessage().startsWith(message), refused.getMessage());
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', value = {
        "Acme,              acme-4567ab",
        "Société Générale,  societe-generale-4567ab",
        "\"  R&D, Inc. \",  r-d-inc-4567ab",
        "株式会社,           org-4567ab",
    })
    void aFreshOrganizationGetsASlugOfItsNameAndId(String name, String slug) {
        assertEquals(slug, SendEvent.defaultSlug(name, "org_01234567AB"));
    }

    @Test
    void escapesJsonStrings() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", SendEvent.json("a\"b\\c\n\u0001"));
        assertEquals("null", SendEvent.json(null));
    }
}
