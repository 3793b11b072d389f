package dev.clerksync.admin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.auth.AccessDeniedException;
import dev.clerksync.http.InvalidRequestException;
import dev.clerksync.users.RolePolicy;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What set-role refuses before any call to Clerk: the check alone needs no Clerk, store or metrics. */
class RoleAssignerTest {

    private static final String CALLER = "user_admin";

    private final RoleAssigner assigner = new RoleAssigner(null, null,
            new RolePolicy(Set.of("admin", "user"), "user"), null);

    @Test
    void wellFormedAssignmentOfAnAllowedRoleToSomeoneElsePasses() {
        assertDoesNotThrow(() -> assigner.check(CALLER, "user_2abc", "admin"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user_", "usr_2abc", "user_2abc/metadata", "user_2abc "})
    void malformedTargetIdIsRefused(String targetUserId) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> assigner.check(CALLER, targetUserId, "admin"));

        assertEquals("targetUserId must be a Clerk user id (user_…)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"root", "Admin", ""})
    void roleOutsideThePolicyIsRefused(String role) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> assigner.check(CALLER, "user_2abc", role));

        assertTrue(e.getMessage().startsWith("role must be one of "), e.getMessage());
    }

    @Test
    void administratorCannotChangeTheirOwnRole() {
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> assigner.check(CALLER, CALLER, "user"));

        assertEquals("administrators cannot change their own role", e.getMessage());
    }

    @Test
    void malformedIdIsReportedBeforeAnUnknownRole() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> assigner.check(CALLER, "nobody", "root"));

        assertEquals("targetUserId must be a Clerk user id (user_…)", e.getMessage());
    }
}
