package dev.clerksync.organizations;

import dev.clerksync.users.UserView;
import java.util.List;

/** A user as {@link UserView} shows it, and the organizations the user belongs to (by organization id). */
public record UserWithOrganizations(String id, String email, String username, String firstName, String lastName,
        String displayName, String imageUrl, String phoneNumber, String role, boolean provisional,
        List<UserOrganization> organizations) {

    static UserWithOrganizations of(UserView user, List<UserOrganization> organizations) {
        return new UserWithOrganizations(user.id(), user.email(), user.username(), user.firstName(), user.lastName(),
                user.displayName(), user.imageUrl(), user.phoneNumber(), user.role(), user.provisional(),
                List.copyOf(organizations));
    }
}
