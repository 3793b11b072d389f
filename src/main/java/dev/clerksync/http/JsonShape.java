package dev.clerksync.http;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.ByteArrayInputStream;
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

    // One factory each: Json.createParser looks the provider up on every call (see JsonFields).
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

    // member name → its shape; a null shape keeps the member's value whole.
    private final Map<String, JsonShape> members = new HashMap<>();

    private JsonShape() {
    }

    /** An object keeping these members whole. */
    public static JsonShape of(String... names) {
        JsonShape shape = new JsonShape();
        for (String name : names) {
            shape.members.put(name, null);
        }
        return shape;
    }

    /** This shape, also keeping {@code name} in {@code shape}; for an array, each element in it. */
    public JsonShape with(String name, JsonShape shape) {
        members.put(name, shape);
        return this;
    }

    /** Parses a JSON object, keeping what this shape names. */
    public JsonObject parse(byte[] body) {
        try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new InvalidJsonException("the body is not a JSON object");
            }
            JsonObject object = readObject(parser);
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
                objects.add(readObject(parser));
            }
            if (parser.hasNext()) {
                throw new InvalidJsonException("the body is not valid JSON");
            }
            return objects;
        } catch (JsonException e) {
            throw new InvalidJsonException("the body is not valid JSON", e);
        }
    }

    private JsonObject readObject(JsonParser parser) {
        JsonObjectBuilder object = BUILDERS.createObjectBuilder();
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_OBJECT; event = parser.next()) {
            String name = parser.getString();
            JsonParser.Event valueEvent = parser.next();
            if (!members.containsKey(name)) {
                skip(parser, valueEvent);
                continue;
            }
            JsonShape shape = members.get(name);
            object.add(name, shape == null ? parser.getValue() : shape.read(parser, valueEvent));
        }
        return object.build();
    }

    private JsonValue read(JsonParser parser, JsonParser.Event event) {
        if (event == JsonParser.Event.START_OBJECT) {
            return readObject(parser);
        }
        if (event == JsonParser.Event.START_ARRAY) {
            JsonArrayBuilder array = BUILDERS.createArrayBuilder();
            for (JsonParser.Event element = parser.next(); element != JsonParser.Event.END_ARRAY;
                    element = parser.next()) {
                array.add(read(parser, element));
            }
            return array.build();
        }
        return parser.getValue();
    }

    private static void skip(JsonParser parser, JsonParser.Event event) {
        if (event == JsonParser.Event.START_OBJECT) {
            parser.skipObject();
        } else if (event == JsonParser.Event.START_ARRAY) {
            parser.skipArray();
        }
    }
}
