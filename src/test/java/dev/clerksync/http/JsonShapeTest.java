package dev.clerksync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every JSON body is read within fixed limits, and beyond them is an {@link InvalidJsonException}. */
class JsonShapeTest {

    private static final JsonShape SHAPE = JsonShape.of("kept").with("inner", JsonShape.of("kept"));

    @Test
    void keepsOnlyTheNamedMembers() {
        assertEquals("{\"kept\":[1,{\"a\":\"b\"}],\"inner\":{\"kept\":true}}",
                parse(SHAPE, "{\"kept\":[1,{\"a\":\"b\"}],\"skipped\":{\"x\":[1]},\"inner\":{\"kept\":true,\"no\":1}}"));
    }

    @Test
    void wholeShapeKeepsEverything() {
        String json = "{\"a\":[1,2.5,-3e2,null,true,false,\"s\"],\"b\":{\"c\":{}}}";

        assertEquals(json, parse(JsonShape.WHOLE, json).replace("-3E+2", "-3e2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kept", "skipped", "inner"})
    void nestingDeeperThan64LevelsIsInvalidWhereverItIs(String member) {
        String deep = "[".repeat(1000) + "]".repeat(1000);

        InvalidJsonException e = assertThrows(InvalidJsonException.class,
                () -> parse(SHAPE, "{\"" + member + "\":" + deep + "}"));

        assertEquals("the JSON is nested deeper than 64 levels", e.getMessage());
    }

    @Test
    void nestingOf64LevelsIsRead() {
        String deep = "[".repeat(63) + "]".repeat(63);

        assertEquals("{\"kept\":" + deep + "}", parse(SHAPE, "{\"kept\":" + deep + "}"));
        parse(SHAPE, "{\"skipped\":" + deep + "}");
    }

    @Test
    void deeplyNestedObjectsAreInvalidInAWholeParseToo() {
        String deep = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);

        assertThrows(InvalidJsonException.class, () -> parse(JsonShape.WHOLE, deep));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e-2147483648", "1e2147483647", "1e1001", "1e-1001", "-0.5e-99999999999"})
    void numberWithAnAbsurdExponentIsInvalid(String number) {
        assertThrows(InvalidJsonException.class, () -> parse(SHAPE, "{\"kept\":" + number + "}"));
    }

    @Test
    void numberLiteralOver40CharactersIsInvalid() {
        assertThrows(InvalidJsonException.class, () -> parse(SHAPE, "{\"kept\":" + "1".repeat(1100) + "}"));
        assertThrows(InvalidJsonException.class, () -> parse(SHAPE, "{\"kept\":" + "1".repeat(41) + "}"));
        assertEquals("{\"kept\":" + "1".repeat(40) + "}", parse(SHAPE, "{\"kept\":" + "1".repeat(40) + "}"));
    }

    @Test
    void stringOver64KiBCharactersIsInvalid() {
        String big = "x".repeat(64 * 1024 + 1);

        assertThrows(InvalidJsonException.class, () -> parse(SHAPE, "{\"kept\":\"" + big + "\"}"));
        assertThrows(InvalidJsonException.class, () -> parse(SHAPE, "{\"" + big + "\":1}"));
    }

    @Test
    void arrayOfObjectsIsReadWithinTheSameLimits() {
        assertEquals(2, SHAPE.parseArray("[{\"kept\":1},{\"kept\":2}]".getBytes(StandardCharsets.UTF_8)).size());
        assertThrows(InvalidJsonException.class, () -> SHAPE.parseArray(
                ("[{\"kept\":" + "[".repeat(100) + "]".repeat(100) + "}]").getBytes(StandardCharsets.UTF_8)));
    }

    private static String parse(JsonShape shape, String json) {
        return shape.parse(json.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
