package dev.clerksync.users;

import static dev.clerksync.http.JsonFields.optionalArray;
import static dev.clerksync.http.JsonFields.optionalBoolean;
import static dev.clerksync.http.JsonFields.optionalLong;
import static dev.clerksync.http.JsonFields.optionalObject;
import static dev.clerksync.http.JsonFields.optionalString;
import static dev.clerksync.http.JsonFields.requiredLong;
import static dev.clerksync.http.JsonFields.requiredString;

import dev.clerksync.http.InvalidJsonException;
import dev.clerksync.http.JsonShape;
import dev.clerksync.persistence.StorableText;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The parts of Clerk's User object that clerk-sync keeps, as Clerk sends it in a webhook's
 * {@code data} and returns it from the Backend API.
 *
 * @param email           the primary email address, or null (phone, username or web3 sign-ups)
 * @param phoneNumber     the primary phone number, or null
 * @param username        Clerk's username, or null
 * @param publicMetadata  {@code public_metadata} as JSON text, {@code {}} when absent
 * @param metadataRole    {@code public_metadata.role} when it is a string, else null
 * @param updatedAt       Clerk's version of the user: the ordering key
 */
public record ClerkUser(
        String id,
        String email,
        String phoneNumber,
        String username,
        String firstName,
        String lastName,
        String imageUrl,
        String publicMetadata,
        String metadataRole,
        boolean banned,
        Instant lastSignInAt,
        Instant createdAt,
        Instant updatedAt) {

    // A JSON \u0000 escape, not preceded by a backslash that would make it literal text.
    private static final Pattern NUL_ESCAPE = Pattern.compile("(?<!\\\\)\\\\u0000");

    /** What a Clerk user id looks like: {@code user_} and letters or digits. */
    public static final Pattern ID = Pattern.compile("user_[A-Za-z0-9]+");

    /** The members {@link #fromJson} reads; a parse with this shape builds nothing else. */
    public static final JsonShape JSON_SHAPE = JsonShape.of("id", "username", "first_name", "last_name", "image_url",
                    "public_metadata", "banned", "last_sign_in_at", "created_at", "updated_at",
                    "primary_email_address_id", "primary_phone_number_id")
            .with("email_addresses", JsonShape.of("id", "email_address"))
            .with("phone_numbers", JsonShape.of("id", "phone_number"));

    /** Reads Clerk's User JSON strictly; {@code path} names it in error messages ("data"). */
    public static ClerkUser fromJson(JsonObject user, String path) {
        JsonObject metadata = optionalObject(user, path, "public_metadata");
        JsonValue role = metadata == null ? null : metadata.get("role");
        return new ClerkUser(
                requiredString(user, path, "id"),
                StorableText.of(primary(user, path, "email_addresses", "primary_email_address_id", "email_address")),
                StorableText.of(primary(user, path, "phone_numbers", "primary_phone_number_id", "phone_number")),
                StorableText.of(optionalString(user, path, "username")),
                StorableText.of(optionalString(user, path, "first_name")),
                StorableText.of(optionalString(user, path, "last_name")),
                StorableText.of(optionalString(user, path, "image_url")),
                metadata == null ? "{}" : storableJson(metadata.toString()),
                role instanceof jakarta.json.JsonString text ? text.getString() : null,
                optionalBoolean(user, path, "banned", false),
                instant(optionalLong(user, path, "last_sign_in_at")),
                instant(optionalLong(user, path, "created_at")),
                Instant.ofEpochMilli(requiredLong(user, path, "updated_at")));
    }

    /** JSON text without escaped NULs ({@code \u0000}), which jsonb refuses. */
    private static String storableJson(String json) {
        return json.contains("\\u0000") ? NUL_ESCAPE.matcher(json).replaceAll("") : json;
    }

    /** The entry of {@code listName} whose id is {@code primaryIdName}'s value. */
    private static String primary(JsonObject user, String path, String listName, String primaryIdName,
            String valueName) {
        String primaryId = optionalString(user, path, primaryIdName);
        JsonArray entries = optionalArray(user, path, listName);
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidJsonException(path + "." + listName + "[" + i + "] must be an object");
            }
            JsonObject entry = entries.getJsonObject(i);
            String entryPath = path + "." + listName + "[" + i + "]";
            String id = requiredString(entry, entryPath, "id");
            String value = requiredString(entry, entryPath, valueName);
            if (id.equals(primaryId)) {
                return value;
            }
        }
        return null;
    }

    private static Instant instant(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }
}
