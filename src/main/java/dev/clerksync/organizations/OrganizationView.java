package dev.clerksync.organizations;

import dev.clerksync.http.JsonFields;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** An organization as the admin API shows it (camelCase JSON), with the number of its members stored here. */
public record OrganizationView(String id, String name, String slug, String imageUrl, JsonObject publicMetadata,
        Integer maxAllowedMemberships, String createdBy, Instant createdAt, Instant updatedAt, long membersCount) {

    static OrganizationView of(OrganizationRow row, long membersCount) {
        return new OrganizationView(row.id(), row.name(), row.slug(), row.imageUrl(), json(row.publicMetadata()),
                row.maxAllowedMemberships(), row.createdBy(), row.clerkCreatedAt(), row.clerkUpdatedAt(),
                membersCount);
    }

    static JsonObject json(String stored) {
        return JsonFields.parseObject(stored.getBytes(StandardCharsets.UTF_8));
    }
}
