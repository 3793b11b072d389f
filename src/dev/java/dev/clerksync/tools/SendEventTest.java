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
    void escapesJsonStrings() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", SendEvent.json("a\"b\\c\n\u0001"));
        assertEquals("null", SendEvent.json(null));
    }
}
