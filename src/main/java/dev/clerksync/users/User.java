package dev.clerksync.users;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** A Clerk user as mirrored in the {@code users} table. */
@Entity
@Table(name = "users")
public class User {

    private static final String DEFAULT_DISPLAY_NAME = "User";
    private static final String PROVISIONAL_DISPLAY_NAME = "New User";

    @Id
    private String id;

    private String email;

    @Column(nullable = false)
    private String username;

    @Column(name = "first_name")
    private String firstName;

    @Column(name = "last_name")
    private String lastName;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(name = "image_url")
    private String imageUrl;

    @Column(name = "phone_number")
    private String phoneNumber;

    @Column(nullable = false)
    private String role;

    @Column(name = "public_metadata", nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String publicMetadata;

    private boolean banned;

    @Column(name = "last_sign_in_at")
    private Instant lastSignInAt;

    @Column(name = "clerk_created_at")
    private Instant clerkCreatedAt;

    @Column(name = "clerk_updated_at")
    private Instant clerkUpdatedAt;

    private boolean provisional;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected User() {
        // for Hibernate
    }

    User(String id, Instant now) {
        this.id = id;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** A placeholder for a signed-in user Clerk could not tell us about yet; any event overwrites it. */
    static User provisional(String id, String username, String role, Instant now) {
        User user = new User(id, now);
        user.username = username;
        user.displayName = PROVISIONAL_DISPLAY_NAME;
        user.role = role;
        user.publicMetadata = "{}";
        user.provisional = true;
        return user;
    }

    /**
     * True when {@code version} is older than what this row holds. A provisional row has no
     * Clerk version, so nothing is stale against it.
     */
    boolean isNewerThan(Instant version) {
        return !provisional && clerkUpdatedAt != null && version.isBefore(clerkUpdatedAt);
    }

    /** Takes Clerk's state; email, username and role were already settled by the sync. */
    void mirror(ClerkUser clerk, String email, String username, String role, Instant now) {
        this.email = email;
        this.username = username;
        this.firstName = clerk.firstName();
        this.lastName = clerk.lastName();
        this.displayName = displayName(clerk.firstName(), clerk.lastName(), clerk.email());
        this.imageUrl = clerk.imageUrl();
        this.phoneNumber = clerk.phoneNumber();
        this.role = role;
        this.publicMetadata = clerk.publicMetadata();
        this.banned = clerk.banned();
        this.lastSignInAt = clerk.lastSignInAt();
        this.clerkCreatedAt = clerk.createdAt();
        this.clerkUpdatedAt = clerk.updatedAt();
        this.provisional = false;
        this.updatedAt = now;
    }

    /** "First Last", else the email's local part, else "User". */
    static String displayName(String firstName, String lastName, String email) {
        String name = (blankToEmpty(firstName) + " " + blankToEmpty(lastName)).trim();
        if (!name.isEmpty()) {
            return name;
        }
        String localPart = localPart(email);
        return localPart == null ? DEFAULT_DISPLAY_NAME : localPart;
    }

    static String localPart(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        String local = at < 0 ? email : email.substring(0, at);
        return local.isBlank() ? null : local;
    }

    private static String blankToEmpty(String text) {
        return text == null ? "" : text.trim();
    }

    public String getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public String getUsername() {
        return username;
    }

    public String getFirstName() {
        return firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getImageUrl() {
        return imageUrl;
    }

    public String getPhoneNumber() {
        return phoneNumber;
    }

    public String getRole() {
        return role;
    }

    public String getPublicMetadata() {
        return publicMetadata;
    }

    public boolean isBanned() {
        return banned;
    }

    public Instant getClerkUpdatedAt() {
        return clerkUpdatedAt;
    }

    public boolean isProvisional() {
        return provisional;
    }
}
