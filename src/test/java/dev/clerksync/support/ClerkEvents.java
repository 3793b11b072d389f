package dev.clerksync.support;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.UUID;

/**
 * Clerk-shaped event bodies, following the published examples in src/test/resources/clerk/payloads, built as
 * sentences: {@code ClerkEvents.userCreated(id).email("a@b.c").updatedAt(5).json()}.
 */
public final class ClerkEvents {

    private ClerkEvents() {
    }

    /** A fresh Clerk-looking user id, so tests never share rows. */
    public static String newUserId() {
        return "user_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static UserEvent userCreated(String userId) {
        return new UserEvent("user.created", userId);
    }

    public static UserEvent userUpdated(String userId) {
        return new UserEvent("user.updated", userId);
    }

    /** {@code user.deleted}: data is only id, object and deleted; the time is the envelope's. */
    public static String userDeleted(String userId, long timestamp) {
        return Json.createObjectBuilder()
                .add("data", Json.createObjectBuilder().add("deleted", true).add("id", userId).add("object", "user"))
                .add("object", "event")
                .add("timestamp", timestamp)
                .add("type", "user.deleted")
                .build().toString();
    }

    public static final class UserEvent {
        private final String type;
        private final String userId;
        private String email;
        private String phone;
        private String username;
        private String firstName = "Ada";
        private String lastName = "Lovelace";
        private String role;
        private boolean banned;
        private long updatedAt = 1_700_000_000_000L;

        private UserEvent(String type, String userId) {
            this.type = type;
            this.userId = userId;
            this.email = userId.toLowerCase() + "@example.com";
        }

        public UserEvent email(String email) {
            this.email = email;
            return this;
        }

        public UserEvent phone(String phone) {
            this.phone = phone;
            return this;
        }

        public UserEvent username(String username) {
            this.username = username;
            return this;
        }

        public UserEvent name(String first, String last) {
            this.firstName = first;
            this.lastName = last;
            return this;
        }

        public UserEvent role(String role) {
            this.role = role;
            return this;
        }

        public UserEvent banned() {
            this.banned = true;
            return this;
        }

        public UserEvent updatedAt(long epochMillis) {
            this.updatedAt = epochMillis;
            return this;
        }

        public String json() {
            return Json.createObjectBuilder()
                    .add("data", data())
                    .add("instance_id", "ins_123")
                    .add("object", "event")
                    .add("timestamp", updatedAt)
                    .add("type", type)
                    .build().toString();
        }

        /** The user object alone, as the Backend API returns it. */
        public JsonObject data() {
            String emailId = "idn_" + userId.substring("user_".length()) + "e";
            String phoneId = "idn_" + userId.substring("user_".length()) + "p";
            JsonArrayBuilder emails = Json.createArrayBuilder();
            if (email != null) {
                emails.add(Json.createObjectBuilder().add("email_address", email).add("id", emailId)
                        .add("linked_to", Json.createArrayBuilder()).add("object", "email_address")
                        .add("verification", Json.createObjectBuilder().add("status", "verified")
                                .add("strategy", "ticket")));
            }
            JsonArrayBuilder phones = Json.createArrayBuilder();
            if (phone != null) {
                phones.add(Json.createObjectBuilder().add("phone_number", phone).add("id", phoneId)
                        .add("object", "phone_number"));
            }
            JsonObjectBuilder metadata = Json.createObjectBuilder();
            if (role != null) {
                metadata.add("role", role);
            }
            JsonObjectBuilder data = Json.createObjectBuilder()
                    .add("banned", banned)
                    .add("created_at", 1_654_012_591_514L)
                    .add("email_addresses", emails)
                    .add("external_accounts", Json.createArrayBuilder())
                    .add("id", userId)
                    .add("image_url", "https://img.clerk.com/xxxxxx")
                    .add("last_sign_in_at", 1_654_012_591_514L)
                    .add("object", "user")
                    .add("password_enabled", true)
                    .add("phone_numbers", phones)
                    .add("private_metadata", Json.createObjectBuilder())
                    .add("public_metadata", metadata)
                    .add("unsafe_metadata", Json.createObjectBuilder())
                    .add("updated_at", updatedAt)
                    .add("web3_wallets", Json.createArrayBuilder());
            addOrNull(data, "first_name", firstName);
            addOrNull(data, "last_name", lastName);
            addOrNull(data, "username", username);
            addOrNull(data, "primary_email_address_id", email == null ? null : emailId);
            addOrNull(data, "primary_phone_number_id", phone == null ? null : phoneId);
            return data.build();
        }

        private static void addOrNull(JsonObjectBuilder builder, String name, String value) {
            if (value == null) {
                builder.addNull(name);
            } else {
                builder.add(name, value);
            }
        }
    }
}
