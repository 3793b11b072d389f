package dev.clerksync.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clerksync.auth.AccessDeniedException;
import dev.clerksync.http.InvalidRequestException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may change a member's role in an organization, and to what. */
class MemberRolePolicyTest {

    private static final String ORG = "org_1";
    private final MemberRoles.Policy policy = new MemberRoles.Policy("admin", Set.of("org:admin", "org:member"),
            "org:admin");

    @Test
    void adminOfTheOrganizationMayChangeAnotherMembersRole() {
        assertDoesNotThrow(() -> check(Optional.of("user"), Optional.of("org:admin"), "org:admin"));
    }

    @Test
    void globalAdministratorMayWithoutBeingAMember() {
        assertDoesNotThrow(() -> check(Optional.of("admin"), Optional.empty(), "org:member"));
    }

    @Test
    void memberOfTheOrganizationMayNot() {
        assertThrows(AccessDeniedException.class, () -> check(Optional.of("user"), Optional.of("org:member"),
                "org:admin"));
    }

    @Test
    void callerWhoIsNotSyncedNorAMemberMayNot() {
        assertThrows(AccessDeniedException.class, () -> check(Optional.empty(), Optional.empty(), "org:admin"));
    }

    @Test
    void legacyAdminKeyIsNotTheOrganizationAdminRole() {
        assertThrows(AccessDeniedException.class, () -> check(Optional.of("user"), Optional.of("admin"),
                "org:member"));
    }

    @Test
    void nobodyChangesTheirOwnMembership() {
        assertThrows(AccessDeniedException.class, () -> policy.check("user_a", Optional.of("admin"),
                Optional.of("org:admin"), ORG, "user_a", "org:member"));
    }

    @Test
    void roleOutsideTheOrganizationRolesIsRefusedEvenForAdmins() {
        assertThrows(InvalidRequestException.class, () -> check(Optional.of("admin"), Optional.empty(),
                "org:owner"));
    }

    @Test
    void refusalOfTheCallerComesBeforeTheRoleCheck() {
        assertThrows(AccessDeniedException.class, () -> check(Optional.of("user"), Optional.empty(), "org:owner"));
    }

    private void check(Optional<String> callerRole, Optional<String> membershipRole, String role) {
        policy.check("user_caller", callerRole, membershipRole, ORG, "user_target", role);
    }
}
