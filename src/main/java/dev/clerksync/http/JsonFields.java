package dev.clerksync.http;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;

/**
 * Strict reads of JSON fields. A field of the wrong type is an {@link InvalidJsonException}
 * naming its path, rather than a silent coercion: the caller decides what to record.
 * Absent and {@code null} are the same for the optional readers.
 */
public final class JsonFields {

    /**
     * The last millisecond of the year 9999. Times are epoch milliseconds from 1970 to then: every time
     * Clerk can mean, and only times that Java's {@code Instant} and PostgreSQL's {@code timestamptz}
     * both hold, so an absurd one is refused here rather than by the database on every retry.
     */
    public static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;

    private JsonFields() {
    }

    /** A whole JSON object, within {@link JsonShape}'s limits on depth, numbers and strings. */
    public static JsonObject parseObject(byte[] body) {
        return JsonShape.WHOLE.parse(body);
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

    /** A whole number from 0 to {@link #MAX_EPOCH_MILLIS}: an epoch time in milliseconds, or seconds. */
    public static long requiredEpochTime(JsonObject object, String path, String name) {
        long value = requiredLong(object, path, name);
        if (value < 0 || value > MAX_EPOCH_MILLIS) {
            throw wrongType(path, name, "a time from 1970 to 9999 in epoch milliseconds");
        }
        return value;
    }

    public static Instant requiredInstant(JsonObject object, String path, String name) {
        return Instant.ofEpochMilli(requiredEpochTime(object, path, name));
    }

    /** An epoch time in milliseconds, checked as {@link #requiredEpochTime}; null when absent. */
    public static Instant optionalInstant(JsonObject object, String path, String name) {
        return present(object, name) == null ? null : requiredInstant(object, path, name);
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
