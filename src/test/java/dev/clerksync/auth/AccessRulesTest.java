package dev.clerksync.auth;

import static dev.clerksync.auth.AccessRules.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which /api paths need what: the exact path first, then the longest prefix, else nothing. */
class AccessRulesTest {

    private final AccessRules rules = AccessRules.of(rule("/api/me", Access.SIGNED_IN),
            rule("/api/admin/*", Access.ADMIN));

    @Test
    void exactPathHasItsRule() {
        assertEquals(Optional.of(Access.SIGNED_IN), rules.accessFor("/api/me"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/admin", "/api/admin/users", "/api/admin/users/user_1/x"})
    void prefixCoversItselfAndEverythingBelow(String path) {
        assertEquals(Optional.of(Access.ADMIN), rules.accessFor(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/unlisted", "/api/me/more", "/api/administrator", "/api", ""})
    void pathNoRuleNamesNeedsWhatNobodyHas(String path) {
        assertEquals(Optional.empty(), rules.accessFor(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/other", "/api/", "/api/*/x", "/api/a*", "/api/a/"})
    void malformedPatternIsRefusedAtStart(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> rule(pattern, Access.ADMIN));
    }

    @Test
    void twoRulesForOnePatternAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> AccessRules.of(rule("/api/me", Access.SIGNED_IN), rule("/api/me", Access.ADMIN)));
    }
}
