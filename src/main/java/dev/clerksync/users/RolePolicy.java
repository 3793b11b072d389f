package dev.clerksync.users;

import java.util.Set;

/** Which {@code public_metadata.role} values count, and the role of everyone else. */
public record RolePolicy(Set<String> allowed, String defaultRole) {

    public RolePolicy {
        allowed = Set.copyOf(allowed);
        if (!allowed.contains(defaultRole)) {
            throw new IllegalArgumentException("default role " + defaultRole + " is not allowed");
        }
    }

    public boolean allows(String role) {
        return allowed.contains(role);
    }

    String roleOf(ClerkUser user) {
        String role = user.metadataRole();
        return role != null && allowed.contains(role) ? role : defaultRole;
    }
}
