package dev.clerksync.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which {@code public_metadata.role} counts, and what everyone else gets. */
class RolePolicyTest {

    private static final RolePolicy ROLES = new RolePolicy(Set.of("admin", "editor", "user"), "user");

    @ParameterizedTest(name = "metadata role {0} gives {1}")
    @CsvSource(nullValues = "none", value = {
        "admin,  admin",
        "editor, editor",
        "user,   user",
        "root,   user",
        "Admin,  user",
        "'',     user",
        "none,   user"})
    void anAllowedMetadataRoleIsTheUsersRoleAnyOtherGivesTheDefault(String metadataRole, String role) {
        assertEquals(role, ROLES.roleOf(userWithRole(metadataRole)));
    }

    @Test
    void allowsOnlyTheConfiguredRolesExactly() {
        assertTrue(ROLES.allows("editor"));
        assertFalse(ROLES.allows("EDITOR"));
        assertFalse(ROLES.allows("root"));
    }

    @Test
    void defaultRoleOutsideTheAllowedOnesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RolePolicy(Set.of("admin"), "user"));

        assertEquals("default role user is not allowed", e.getMessage());
    }

    @Test
    void laterChangesToTheGivenSetDoNotChangeThePolicy() {
        Set<String> allowed = new HashSet<>(Set.of("admin", "user"));
        RolePolicy policy = new RolePolicy(allowed, "user");

        allowed.add("root");

        assertFalse(policy.allows("root"));
    }

    private static ClerkUser userWithRole(String role) {
        return new ClerkUser("user_a", null, null, null, null, null, null, "{}", role, false, null, null,
                Instant.ofEpochMilli(1));
    }
}
