package dev.clerksync.http;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.util.Map;

/**
 * Strict reads of JSON fields. A field of the wrong type is an {@link InvalidJsonException}
 * naming its path, rather than a silent coercion: the caller decides what to record.
 * Absent and {@code null} are the same for the optional readers.
 */
public final class JsonFields {

    // One factory for all reads: Json.createReader looks the JSON-P provider up with a
    // ServiceLoader scan of the webapp class loader on every call, which cost more CPU per
    // delivery than parsing the body (see docs/benchmarks.md).
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private JsonFields() {
    }

    public static JsonObject parseObject(byte[] body) {
        try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidJsonException("the body is not a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new InvalidJsonException("the body is not valid JSON", e);
        }
    }

    public static String requiredString(JsonObject object, String path, String name) {
        String value = optionalString(object, path, name);
        if (value == null) {
            throw missing(path, name, "a string");
        }
        return value;
    }

    public static String optionalString(JsonObject object, String path, String name) {
        JsonValue value = present(object, name);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonString string) {
            return string.getString();
        }
        throw wrongType(path, name, "a string");
    }

    public static long requiredLong(JsonObject object, String path, String name) {
        Long value = optionalLong(object, path, name);
        if (value == null) {
            throw missing(path, name, "a number");
        }
        return value;
    }

    public static Long optionalLong(JsonObject object, String path, String name) {
        JsonValue value = present(object, name);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return number.longValueExact();
            } catch (ArithmeticException e) {
                throw wrongType(path, name, "a whole number in range");
            }
        }
        throw wrongType(path, name, "a whole number");
    }

    public static boolean optionalBoolean(JsonObject object, String path, String name, boolean fallback) {
        JsonValue value = present(object, name);
        if (value == null) {
            return fallback;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        throw wrongType(path, name, "true or false");
    }

    public static JsonObject requiredObject(JsonObject object, String path, String name) {
        JsonObject value = optionalObject(object, path, name);
        if (value == null) {
            throw missing(path, name, "an object");
        }
        return value;
    }

    public static JsonObject optionalObject(JsonObject object, String path, String name) {
        JsonValue value = present(object, name);
        if (value == null) {
            return null;
        }
        if (value.getValueType() == JsonValue.ValueType.OBJECT) {
            return value.asJsonObject();
        }
        throw wrongType(path, name, "an object");
    }

    public static JsonArray optionalArray(JsonObject object, String path, String name) {
        JsonValue value = present(object, name);
        if (value == null) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            return value.asJsonArray();
        }
        throw wrongType(path, name, "an array");
    }

    private static JsonValue present(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value == null || value == JsonValue.NULL ? null : value;
    }

    private static InvalidJsonException missing(String path, String name, String expected) {
        return new InvalidJsonException(path + "." + name + " is missing; it must be " + expected);
    }

    private static InvalidJsonException wrongType(String path, String name, String expected) {
        return new InvalidJsonException(path + "." + name + " must be " + expected);
    }
}
