package dev.clerksync.users;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Clerk user as mirrored in the {@code users} table, for reads; {@link UserSync} writes the rows. */
@Entity
@Table(name = "users")
public class User {

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
        // for Hibernate: rows are read through this mapping and written by UserSync
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

    public boolean isProvisional() {
        return provisional;
    }
}
