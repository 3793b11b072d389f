package dev.clerksync.bench;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Clerk user as the mixed workload's sender knows it, and its Clerk-shaped JSON: email addresses
 * and phone numbers with ids, {@code primary_email_address_id}, a username that is sometimes null,
 * {@code public_metadata} with a role (sometimes none), and an {@code updated_at} that grows with
 * every change. Names include non-ASCII letters and apostrophes, as real ones do.
 */
final class SimulatedUser {

    private static final String[] FIRST = {"Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James",
        "Isabella", "Lucas", "Mia", "Mateo", "Amelia", "Benjamin", "Harper", "Henry", "Evelyn", "Theodore", "Aria",
        "Jack", "José", "Zoë", "François", "Søren", "Ana-María", "Chloé", "Łukasz", "Björn", "Aarav", "Yuki", "Mei",
        "Oluwaseun", "Siobhán", "Renée", "Jürgen", "Ines", "Giulia", "Mohammed", "Priya", "Kai"};
    private static final String[] LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
        "Davis", "Rodriguez", "Martinez", "Hernández", "López", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
        "Moore", "Jackson", "O'Brien", "D'Angelo", "Müller", "Schröder", "Nuñez", "Kowalski", "Nakamura", "Øyen",
        "van der Berg", "Dubois", "Rossi", "Novák", "Lindqvist", "Okafor", "Patel", "Chen", "Kim", "Nguyen",
        "Ivanova", "Costa", "Silva"};
    // "member" four times: most users of an app are plain members.
    private static final String[] ROLES = {"member", "member", "member", "member", "admin", "editor", "viewer", "owner"};
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "mail.example.com",
        "corp.example"};
    private static final String IMAGE_PREFIX =
            "https://img.clerk.com/eyJ0eXBlIjoicHJveHkiLCJzcmMiOiJodHRwczovL2ltYWdlcy5jbGVyay5kZXYv";

    /** An email address or phone number with its Clerk id ({@code idn_…}). */
    private record Identification(String id, String value) {
    }

    final String id;
    private final SplittableRandom random;
    private String firstName;
    private String lastName;
    private String username;
    private String imageUrl;
    private String role;
    private final List<Identification> emails = new ArrayList<>();
    private final List<Identification> phones = new ArrayList<>();
    private int primaryEmail;
    private final long createdAt;
    private long updatedAt;
    private long lastSignInAt;
    boolean deleted;
    /** Position in the sender's list of live users, -1 once deleted. */
    int liveIndex = -1;
    private int events;

    /** A new user, as a {@code user.created} describes it; {@code random} is the sender's own. */
    SimulatedUser(SplittableRandom random, long now) {
        this.random = random;
        this.id = "user_2" + Text.base62(random, 26);
        this.firstName = pick(FIRST);
        this.lastName = pick(LAST);
        this.username = random.nextInt(100) < 70 ? Text.asciiHandle(firstName) + "_" + Text.lower(random, 6) : null;
        this.imageUrl = newImageUrl();
        this.role = random.nextInt(100) < 85 ? pick(ROLES) : null;
        emails.add(new Identification(newIdentificationId(), newEmail()));
        if (random.nextInt(100) < 10) { // a second address, sometimes the primary one
            emails.add(new Identification(newIdentificationId(), newEmail()));
            primaryEmail = random.nextInt(2);
        }
        if (random.nextInt(100) < 35) {
            phones.add(new Identification(newIdentificationId(), newPhone()));
        }
        this.createdAt = now;
        this.updatedAt = now;
        this.lastSignInAt = random.nextInt(100) < 60 ? now : 0;
    }

    /** One change a user or an admin makes in Clerk, as a {@code user.updated} then describes it. */
    void change(long now) {
        int kind = random.nextInt(100);
        if (kind < 25) {
            firstName = pick(FIRST);
        } else if (kind < 45) {
            lastName = pick(LAST);
        } else if (kind < 60) {
            role = pick(ROLES);
        } else if (kind < 70) { // a new address becomes the primary one; the oldest of four goes
            emails.add(new Identification(newIdentificationId(), newEmail()));
            if (emails.size() > 3) {
                emails.remove(0);
            }
            primaryEmail = emails.size() - 1;
        } else if (kind < 78) {
            imageUrl = newImageUrl();
        } else if (kind < 85) {
            username = Text.asciiHandle(firstName) + "_" + Text.lower(random, 6);
        } else if (kind < 90) {
            phones.clear();
            phones.add(new Identification(newIdentificationId(), newPhone()));
        } else {
            firstName = pick(FIRST);
            lastName = pick(LAST);
            role = random.nextInt(4) == 0 ? null : pick(ROLES);
        }
        lastSignInAt = now;
        // Clerk's version of the user: strictly increasing, even for two changes in one millisecond.
        updatedAt = Math.max(now, updatedAt + 1);
    }

    /** Numbers this user's events 0, 1, 2…: the state check keeps the latest one the server acknowledged. */
    int nextSequence() {
        return events++;
    }

    long updatedAt() {
        return updatedAt;
    }

    UserState state() {
        return deleted ? UserState.DELETED
                : new UserState(false, emails.get(primaryEmail).value, firstName, lastName, role, updatedAt);
    }

    /** Clerk's User object, field for field as a webhook's {@code data} carries it. */
    void appendJson(StringBuilder json) {
        json.append("{\"backup_code_enabled\":false,\"banned\":false,\"create_organization_enabled\":true,")
            .append("\"create_organizations_limit\":null,\"created_at\":").append(createdAt)
            .append(",\"delete_self_enabled\":true,\"email_addresses\":[");
        for (int i = 0; i < emails.size(); i++) {
            Identification email = emails.get(i);
            json.append(i > 0 ? "," : "")
                .append("{\"created_at\":").append(createdAt)
                .append(",\"email_address\":").append(Text.quote(email.value))
                .append(",\"id\":").append(Text.quote(email.id))
                .append(",\"linked_to\":[],\"matches_sso_connection\":false,\"object\":\"email_address\",")
                .append("\"reserved\":false,\"updated_at\":").append(updatedAt)
                .append(",\"verification\":{\"attempts\":1,\"expire_at\":").append(createdAt + 600_000)
                .append(",\"object\":\"verification_email_code\",\"status\":\"verified\",")
                .append("\"strategy\":\"email_code\"}}");
        }
        json.append("],\"enterprise_accounts\":[],\"external_accounts\":[],\"external_id\":null")
            .append(",\"first_name\":").append(Text.quote(firstName))
            .append(",\"has_image\":true,\"id\":").append(Text.quote(id))
            .append(",\"image_url\":").append(Text.quote(imageUrl))
            .append(",\"last_active_at\":").append(updatedAt)
            .append(",\"last_name\":").append(Text.quote(lastName))
            .append(",\"last_sign_in_at\":").append(lastSignInAt == 0 ? "null" : Long.toString(lastSignInAt))
            .append(",\"legal_accepted_at\":null,\"locked\":false,\"lockout_expires_in_seconds\":null,")
            .append("\"mfa_disabled_at\":null,\"mfa_enabled_at\":null,\"object\":\"user\",\"passkeys\":[],")
            .append("\"password_enabled\":false,\"phone_numbers\":[");
        for (int i = 0; i < phones.size(); i++) {
            Identification phone = phones.get(i);
            json.append(i > 0 ? "," : "")
                .append("{\"backup_codes\":null,\"created_at\":").append(createdAt)
                .append(",\"default_second_factor\":false,\"id\":").append(Text.quote(phone.id))
                .append(",\"linked_to\":[],\"object\":\"phone_number\",\"phone_number\":").append(Text.quote(phone.value))
                .append(",\"reserved_for_second_factor\":false,\"updated_at\":").append(updatedAt)
                .append(",\"verification\":{\"attempts\":1,\"expire_at\":").append(createdAt + 600_000)
                .append(",\"status\":\"verified\",\"strategy\":\"phone_code\"}}");
        }
        json.append("],\"primary_email_address_id\":").append(Text.quote(emails.get(primaryEmail).id))
            .append(",\"primary_phone_number_id\":").append(phones.isEmpty() ? "null" : Text.quote(phones.get(0).id))
            .append(",\"primary_web3_wallet_id\":null,\"private_metadata\":{}")
            .append(",\"profile_image_url\":").append(Text.quote(imageUrl))
            .append(",\"public_metadata\":{");
        if (role != null) {
            json.append("\"role\":").append(Text.quote(role));
        }
        json.append("},\"saml_accounts\":[],\"totp_enabled\":false,\"two_factor_enabled\":false,")
            .append("\"unsafe_metadata\":{},\"updated_at\":").append(updatedAt)
            .append(",\"username\":").append(Text.quote(username))
            .append(",\"verification_attempts_remaining\":100,\"web3_wallets\":[]}");
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private String newIdentificationId() {
        return "idn_2" + Text.base62(random, 26);
    }

    /** Unique by its random part, so two users never collide on the case-insensitive email index. */
    private String newEmail() {
        return Text.asciiHandle(firstName) + "." + Text.asciiHandle(lastName) + "+" + Text.lower(random, 8) + "@"
                + pick(DOMAINS);
    }

    private String newPhone() {
        return "+1" + (200 + random.nextInt(700)) + "555" + String.format("%04d", random.nextInt(10_000));
    }

    private String newImageUrl() {
        return IMAGE_PREFIX + Text.base62(random, 40);
    }

    /** Small text helpers for ids, handles and JSON strings. */
    static final class Text {

        private static final char[] BASE62 =
                "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

        private Text() {
        }

        static String base62(SplittableRandom random, int length) {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = BASE62[random.nextInt(BASE62.length)];
            }
            return new String(chars);
        }

        static String lower(SplittableRandom random, int length) {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = (char) ('a' + random.nextInt(26));
            }
            return new String(chars);
        }

        /** "Søren" → "soren": what a sign-up form would make of a name for a handle or an address. */
        static String asciiHandle(String name) {
            String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
            StringBuilder handle = new StringBuilder(decomposed.length());
            for (char c : decomposed.toCharArray()) {
                if (c >= 'A' && c <= 'Z') {
                    handle.append((char) (c + 32));
                } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                    handle.append(c);
                } else if (c == 'Ł' || c == 'ł') {
                    handle.append('l');
                } else if (c == 'Ø' || c == 'ø') {
                    handle.append('o');
                }
            }
            return handle.length() == 0 ? "user" : handle.toString();
        }

        /** A JSON string literal, or {@code null}. */
        static String quote(String value) {
            if (value == null) {
                return "null";
            }
            StringBuilder json = new StringBuilder(value.length() + 2).append('"');
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\n' -> json.append("\\n");
                    case '\r' -> json.append("\\r");
                    case '\t' -> json.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            json.append(String.format("\\u%04x", (int) c));
                        } else {
                            json.append(c);
                        }
                    }
                }
            }
            return json.append('"').toString();
        }
    }
}
