package dev.clerksync.clerk;

import static dev.clerksync.clerk.ClerkUserJson.bounded;
import static dev.clerksync.http.JsonFields.optionalArray;
import static dev.clerksync.http.JsonFields.optionalInstant;
import static dev.clerksync.http.JsonFields.optionalLong;
import static dev.clerksync.http.JsonFields.optionalObject;
import static dev.clerksync.http.JsonFields.optionalString;
import static dev.clerksync.http.JsonFields.requiredInstant;
import static dev.clerksync.http.JsonFields.requiredObject;
import static dev.clerksync.http.JsonFields.requiredString;

import dev.clerksync.http.InvalidJsonException;
import dev.clerksync.http.JsonShape;
import dev.clerksync.organizations.MembershipRow;
import dev.clerksync.organizations.OrganizationRow;
import dev.clerksync.persistence.StorableText;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Clerk's Organization and OrganizationMembership objects as JSON, in webhooks and Backend API
 * answers: their id patterns, their shapes and how to read them, as strictly as users.
 */
public final class ClerkOrganizationJson {

    /** {@code org_} and letters or digits, at most 64 characters in all. */
    public static final Pattern ORGANIZATION_ID = Pattern.compile("org_[A-Za-z0-9]{1,60}");
    /** {@code orgmem_} and letters or digits, at most 64 characters in all. */
    public static final Pattern MEMBERSHIP_ID = Pattern.compile("orgmem_[A-Za-z0-9]{1,57}");

    // Clerk caps names, slugs and role keys far below these; the bounds keep hostile input out of indexes.
    private static final int MAX_NAME_LENGTH = 1024;
    private static final int MAX_KEY_LENGTH = 256;
    private static final int MAX_PERMISSIONS = 1000;

    /** The members {@link #organization} reads. */
    public static final JsonShape ORGANIZATION_SHAPE = JsonShape.of("id", "name", "slug", "image_url",
            "public_metadata", "max_allowed_memberships", "created_by", "created_at", "updated_at");
    /** The members {@link #membership} reads, the embedded organization's included. */
    public static final JsonShape MEMBERSHIP_SHAPE = JsonShape.of("id", "role", "role_name", "permissions",
                    "public_metadata", "created_at", "updated_at")
            .with("organization", ORGANIZATION_SHAPE)
            .with("public_user_data", JsonShape.of("user_id"));

    private ClerkOrganizationJson() {
    }

    /** Reads an Organization strictly; {@code path} names it in error messages ("data"). */
    public static OrganizationRow organization(JsonObject json, String path) {
        Long maxMemberships = optionalLong(json, path, "max_allowed_memberships");
        if (maxMemberships != null && (maxMemberships < 0 || maxMemberships > Integer.MAX_VALUE)) {
            throw new InvalidJsonException(path + ".max_allowed_memberships is out of range");
        }
        return new OrganizationRow(
                organizationId(json, path),
                bounded(StorableText.of(requiredString(json, path, "name")), path + ".name", MAX_NAME_LENGTH),
                bounded(StorableText.of(optionalString(json, path, "slug")), path + ".slug", MAX_KEY_LENGTH),
                StorableText.of(optionalString(json, path, "image_url")),
                metadata(json, path),
                maxMemberships == null ? null : maxMemberships.intValue(),
                StorableText.of(optionalString(json, path, "created_by")),
                optionalInstant(json, path, "created_at"),
                requiredInstant(json, path, "updated_at"));
    }

    /** Reads an OrganizationMembership strictly, with its required {@code organization} and user id. */
    public static MembershipRow membership(JsonObject json, String path) {
        String id = requiredString(json, path, "id");
        if (!MEMBERSHIP_ID.matcher(id).matches()) {
            throw new InvalidJsonException(path + ".id must be a Clerk membership id (orgmem_ and letters or digits)");
        }
        OrganizationRow organization = embeddedOrganization(json, path);
        JsonObject user = requiredObject(json, path, "public_user_data");
        String userId = requiredString(user, path + ".public_user_data", "user_id");
        if (!ClerkUserJson.ID.matcher(userId).matches()) {
            throw new InvalidJsonException(path + ".public_user_data.user_id must be a Clerk user id");
        }
        return new MembershipRow(id, organization.id(), userId,
                bounded(StorableText.of(requiredString(json, path, "role")), path + ".role", MAX_KEY_LENGTH),
                bounded(StorableText.of(optionalString(json, path, "role_name")), path + ".role_name", MAX_NAME_LENGTH),
                permissions(json, path),
                metadata(json, path),
                optionalInstant(json, path, "created_at"),
                requiredInstant(json, path, "updated_at"));
    }

    /** The organization a membership embeds. */
    public static OrganizationRow embeddedOrganization(JsonObject membership, String path) {
        return organization(requiredObject(membership, path, "organization"), path + ".organization");
    }

    /** {@code id}, which must be a Clerk organization id ({@link #ORGANIZATION_ID}). */
    public static String organizationId(JsonObject json, String path) {
        String id = requiredString(json, path, "id");
        if (!ORGANIZATION_ID.matcher(id).matches()) {
            throw new InvalidJsonException(path + ".id must be a Clerk organization id (org_ and letters or digits)");
        }
        return id;
    }

    private static List<String> permissions(JsonObject json, String path) {
        JsonArray array = optionalArray(json, path, "permissions");
        if (array.size() > MAX_PERMISSIONS) {
            throw new InvalidJsonException(path + ".permissions has more than " + MAX_PERMISSIONS + " entries");
        }
        List<String> permissions = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonString text)) {
                throw new InvalidJsonException(path + ".permissions[" + i + "] must be a string");
            }
            permissions.add(bounded(StorableText.of(text.getString()), path + ".permissions[" + i + "]",
                    MAX_KEY_LENGTH));
        }
        return permissions;
    }

    private static String metadata(JsonObject json, String path) {
        JsonObject metadata = optionalObject(json, path, "public_metadata");
        return metadata == null ? "{}" : ClerkUserJson.storableJson(metadata.toString());
    }
}
