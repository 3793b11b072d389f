package dev.clerksync.organizations;

import dev.clerksync.users.UserRepository;
import dev.clerksync.users.UserView;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of the API on organizations, each from the mirror alone: organizations, their members
 * with their users, and a user with the organizations it belongs to. Users come from their own
 * repository, so each table keeps one owner.
 */
public final class OrganizationDirectory {

    private final OrganizationRepository organizations;
    private final UserRepository users;

    public OrganizationDirectory(OrganizationRepository organizations, UserRepository users) {
        this.organizations = organizations;
        this.users = users;
    }

    public OrganizationRepository.OrganizationPage page(Optional<String> afterId, int limit) {
        return organizations.page(afterId, limit);
    }

    public Optional<OrganizationView> find(String organizationId) {
        return organizations.find(organizationId);
    }

    /** A page of the organization's members by membership id, each with its user (or null); empty if no such organization. */
    public Optional<MemberPage> members(String organizationId, Optional<String> role, Optional<String> afterId,
            int limit) {
        if (organizations.find(organizationId).isEmpty()) {
            return Optional.empty();
        }
        OrganizationRepository.MembershipPage page = organizations.members(organizationId, role, afterId, limit);
        Map<String, UserView> found = users.findAll(page.memberships().stream().map(MembershipRow::userId).toList());
        return Optional.of(new MemberPage(page.memberships().stream()
                .map(membership -> MemberView.of(membership, found.get(membership.userId())))
                .toList(), page.nextCursor()));
    }

    /** A membership with its user as synced (or null). */
    public MemberView member(MembershipRow membership) {
        return MemberView.of(membership, users.find(membership.userId()).orElse(null));
    }

    /** The user with its organizations, roles and permissions. */
    public UserWithOrganizations withOrganizations(UserView user) {
        return UserWithOrganizations.of(user, organizations.membershipsOf(user.id()).stream()
                .map(found -> UserOrganization.of(found.membership(), found.organization()))
                .toList());
    }

    /** @param nextCursor the {@code after} of the next page, or null on the last page */
    public record MemberPage(List<MemberView> members, String nextCursor) {
    }
}
