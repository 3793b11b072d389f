package dev.clerksync.organizations;

import java.util.List;

/** An organization a user belongs to, with the user's role and permissions in it. */
public record UserOrganization(String id, String slug, String name, String role, List<String> permissions) {

    static UserOrganization of(MembershipRow membership, OrganizationRow organization) {
        return new UserOrganization(organization.id(), organization.slug(), organization.name(), membership.role(),
                membership.permissions());
    }
}
