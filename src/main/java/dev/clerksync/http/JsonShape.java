package dev.clerksync.http;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParserFactory;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of a JSON document that a reader needs, so that parsing builds only those and
 * streams past the rest. A Clerk user carries verification objects, external accounts and more
 * that clerk-sync never reads; building them all cost more than any other step of a delivery.
 * What is kept is the same tree a full parse gives, so the strict {@link JsonFields} readers work
 * on it unchanged; a value of an unexpected kind is kept whole for them to refuse.
 */
public final class JsonShape {

    /**
     * Limits on every JSON body read, so that no input can reach a parser's edge cases (deep recursion,
     * {@code BigDecimal} scales that overflow, huge literals): beyond them the body is invalid JSON.
     * Clerk's users nest a few levels deep and carry short strings and epoch-millisecond numbers.
     */
    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_LENGTH = 40;
    // Well above anything Clerk sends (its metadata is limited to 8 KB in all) and below the body limits.
    static final int MAX_STRING_LENGTH = 64 * 1024;
    // A number PostgreSQL's numeric (inside jsonb) can store, whatever its exponent says.
    static final int MAX_EXPONENT = 1000;

    // One factory each: Json.createParser looks the provider up on every call (see JsonFields).
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());
    private static final JsonProvider VALUES = JsonProvider.provider();

    /** Keeps every member, whole. */
    public static final JsonShape WHOLE = new JsonShape(true);

    // member name → its shape; WHOLE keeps the member's value whole.
    private final Map<String, JsonShape> members = new HashMap<>();
    private final boolean keepsAll;

    private JsonShape(boolean keepsAll) {
        this.keepsAll = keepsAll;
    }

    /** An object keeping these members whole. */
    public static JsonShape of(String... names) {
        JsonShape shape = new JsonShape(false);
        for (String name : names) {
            shape.members.put(name, WHOLE);
        }
        return shape;
    }

    /** This shape, also keeping {@code name} in {@code shape}; for an array, each element in it. */
    public JsonShape with(String name, JsonShape shape) {
        members.put(name, shape);
        return this;
    }

    /** A shape keeping what either this one or {@code other} keeps (for data that differs by event type). */
    public JsonShape and(JsonShape other) {
        if (keepsAll || other.keepsAll) {
            return WHOLE;
        }
        JsonShape both = new JsonShape(false);
        both.members.putAll(members);
        other.members.forEach((name, shape) -> both.members.merge(name, shape, JsonShape::and));
        return both;
    }

    /** Parses a JSON object, keeping what this shape names. */
    public JsonObject parse(byte[] body) {
        try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new InvalidJsonException("the body is not a JSON object");
            }
            JsonObject object = readObject(parser, 1);
            if (parser.hasNext()) {
                throw new InvalidJsonException("the body is not valid JSON");
            }
            return object;
        } catch (JsonException e) {
            throw new InvalidJsonException("the body is not valid JSON", e);
        }
    }

    /** Parses a JSON array of objects, such as a page of a Backend API list, keeping what this shape names of each. */
    public List<JsonObject> parseArray(byte[] body) {
        try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_ARRAY) {
                throw new InvalidJsonException("the body is not a JSON array");
            }
            List<JsonObject> objects = new ArrayList<>();
            for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_ARRAY; event = parser.next()) {
                if (event != JsonParser.Event.START_OBJECT) {
                    throw new InvalidJsonException("element " + objects.size() + " of the array is not an object");
                }
                objects.add(readObject(parser, 2));
            }
            if (parser.hasNext()) {
                throw new InvalidJsonException("the body is not valid JSON");
            }
            return objects;
        } catch (JsonException e) {
            throw new InvalidJsonException("the body is not valid JSON", e);
        }
    }

    private JsonObject readObject(JsonParser parser, int depth) {
        checkDepth(depth);
        JsonObjectBuilder object = BUILDERS.createObjectBuilder();
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_OBJECT; event = parser.next()) {
            String name = checkedString(parser.getString());
            JsonParser.Event valueEvent = parser.next();
            JsonShape shape = keepsAll ? WHOLE : members.get(name);
            if (shape == null) {
                skip(parser, valueEvent, depth);
            } else {
                object.add(name, shape.read(parser, valueEvent, depth));
            }
        }
        return object.build();
    }

    private JsonValue read(JsonParser parser, JsonParser.Event event, int depth) {
        if (event == JsonParser.Event.START_OBJECT) {
            return readObject(parser, depth + 1);
        }
        if (event == JsonParser.Event.START_ARRAY) {
            checkDepth(depth + 1);
            JsonArrayBuilder array = BUILDERS.createArrayBuilder();
            for (JsonParser.Event element = parser.next(); element != JsonParser.Event.END_ARRAY;
                    element = parser.next()) {
                array.add(read(parser, element, depth + 1));
            }
            return array.build();
        }
        return scalar(parser, event);
    }

    /** Built here rather than by the parser, whose number conversion throws on extreme exponents. */
    private static JsonValue scalar(JsonParser parser, JsonParser.Event event) {
        return switch (event) {
            case VALUE_STRING -> VALUES.createValue(checkedString(parser.getString()));
            case VALUE_NUMBER -> VALUES.createValue(number(parser.getString()));
            case VALUE_TRUE -> JsonValue.TRUE;
            case VALUE_FALSE -> JsonValue.FALSE;
            case VALUE_NULL -> JsonValue.NULL;
            default -> throw new InvalidJsonException("the body is not valid JSON");
        };
    }

    private static BigDecimal number(String literal) {
        if (literal.length() > MAX_NUMBER_LENGTH) {
            throw new InvalidJsonException("a number is longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        try {
            BigDecimal number = new BigDecimal(literal);
            if (Math.abs((long) number.scale()) <= MAX_EXPONENT) {
                return number;
            }
        } catch (NumberFormatException e) {
            // an exponent beyond int range: reported below like any other
        }
        throw new InvalidJsonException("a number's exponent is beyond " + MAX_EXPONENT);
    }

    private static String checkedString(String text) {
        if (text.length() > MAX_STRING_LENGTH) {
            throw new InvalidJsonException("a string is longer than " + MAX_STRING_LENGTH + " characters");
        }
        return text;
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidJsonException("the JSON is nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** Streams past a value that is not kept, still counting how deep it nests. */
    private static void skip(JsonParser parser, JsonParser.Event event, int depth) {
        int open = 0;
        for (JsonParser.Event next = event; ; next = parser.next()) {
            if (next == JsonParser.Event.START_OBJECT || next == JsonParser.Event.START_ARRAY) {
                checkDepth(depth + ++open);
            } else if (next == JsonParser.Event.END_OBJECT || next == JsonParser.Event.END_ARRAY) {
                open--;
            }
            if (open == 0) {
                return;
            }
        }
    }
}
