package dev.clerksync.organizations;

import dev.clerksync.users.UserView;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * A membership as the admin API shows it, with its user as synced: {@code user} is null while the
 * user's own event has not arrived (the membership is kept meanwhile, not dropped).
 */
public record MemberView(String id, String organizationId, String userId, String role, String roleName,
        List<String> permissions, JsonObject publicMetadata, Instant createdAt, Instant updatedAt, UserView user) {

    static MemberView of(MembershipRow row, UserView user) {
        return new MemberView(row.id(), row.organizationId(), row.userId(), row.role(), row.roleName(),
                row.permissions(), OrganizationView.json(row.publicMetadata()), row.clerkCreatedAt(),
                row.clerkUpdatedAt(), user);
    }
}
