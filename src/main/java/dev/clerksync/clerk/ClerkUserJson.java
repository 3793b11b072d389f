package dev.clerksync.clerk;

import static dev.clerksync.http.JsonFields.optionalArray;
import static dev.clerksync.http.JsonFields.optionalBoolean;
import static dev.clerksync.http.JsonFields.optionalInstant;
import static dev.clerksync.http.JsonFields.optionalObject;
import static dev.clerksync.http.JsonFields.optionalString;
import static dev.clerksync.http.JsonFields.requiredInstant;
import static dev.clerksync.http.JsonFields.requiredString;
import dev.clerksync.http.InvalidJsonException;
import dev.clerksync.http.JsonShape;
import dev.clerksync.persistence.StorableText;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.regex.Pattern;
import dev.clerksync.users.ClerkUser;

/** Clerk's User object as JSON, in webhooks and Backend API answers: its id pattern, its shape and how to read it. */
public final class ClerkUserJson {

    // A JSON \u0000 escape, not preceded by a backslash that would make it literal text.
    private static final Pattern NUL_ESCAPE = Pattern.compile("(?<!\\\\)\\\\u0000");

    /**
     * What a Clerk user id looks like: {@code user_} and letters or digits (27 of them today), at most 64
     * characters in all. Anything else, signed or not, is no user of ours: it never reaches a key or index.
     */
    public static final Pattern ID = Pattern.compile("user_[A-Za-z0-9]{1,59}");

    // RFC 5321 allows 64 + 1 + 255 characters; more is no address Clerk verified.
    public static final int MAX_EMAIL_LENGTH = 320;
    // Clerk caps usernames at 64 characters; the bound leaves room for any change of that.
    public static final int MAX_USERNAME_LENGTH = 256;

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
                id(user, path),
                bounded(StorableText.of(primary(user, path, "email_addresses", "primary_email_address_id",
                        "email_address")), path + ".email_addresses", MAX_EMAIL_LENGTH),
                StorableText.of(primary(user, path, "phone_numbers", "primary_phone_number_id", "phone_number")),
                bounded(StorableText.of(optionalString(user, path, "username")), path + ".username",
                        MAX_USERNAME_LENGTH),
                StorableText.of(optionalString(user, path, "first_name")),
                StorableText.of(optionalString(user, path, "last_name")),
                StorableText.of(optionalString(user, path, "image_url")),
                metadata == null ? "{}" : storableJson(metadata.toString()),
                role instanceof jakarta.json.JsonString text ? text.getString() : null,
                optionalBoolean(user, path, "banned", false),
                optionalInstant(user, path, "last_sign_in_at"),
                optionalInstant(user, path, "created_at"),
                requiredInstant(user, path, "updated_at"));
    }

    /** {@code id}, which must be a Clerk user id ({@link #ID}). */
    public static String id(JsonObject user, String path) {
        String id = requiredString(user, path, "id");
        if (!ID.matcher(id).matches()) {
            throw new InvalidJsonException(path + ".id must be a Clerk user id (user_ and up to 59 letters or digits)");
        }
        return id;
    }

    /** {@code text}, unless it is longer than {@code maxLength}: then the field at {@code path} is refused. */
    static String bounded(String text, String path, int maxLength) {
        if (text != null && text.length() > maxLength) {
            throw new InvalidJsonException(path + " is longer than " + maxLength + " characters");
        }
        return text;
    }

    /** JSON text without escaped NULs ({@code \u0000}), which jsonb refuses. */
    static String storableJson(String json) {
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

    private ClerkUserJson() {
    }
}
