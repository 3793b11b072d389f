package dev.clerksync.auth;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which paths under {@code /api} need what, declared once in the composition root. A pattern is an
 * exact path ({@code /api/me}) or a prefix ({@code /api/admin/*}, which covers {@code /api/admin}
 * too), matched the way the container maps servlets: the exact path first, then the longest prefix.
 * A path no rule covers has no {@link Access}: nobody may call it.
 */
public final class AccessRules {

    private static final String API = "/api/";
    private static final String ANY_BELOW = "/*";

    private final Map<String, Access> exact = new HashMap<>();
    // keyed by the pattern without its "/*"
    private final Map<String, Access> prefixes = new HashMap<>();

    private AccessRules(List<Rule> rules) {
        for (Rule rule : rules) {
            boolean prefix = rule.pattern().endsWith(ANY_BELOW);
            String key = prefix ? rule.pattern().substring(0, rule.pattern().length() - ANY_BELOW.length())
                    : rule.pattern();
            if ((prefix ? prefixes : exact).putIfAbsent(key, rule.access()) != null) {
                throw new IllegalArgumentException("two access rules for " + rule.pattern());
            }
        }
    }

    /** One path pattern and what it needs. */
    public record Rule(String pattern, Access access) {

        /** @throws IllegalArgumentException for a pattern outside {@code /api/} or with a wildcard elsewhere than at its end */
        public Rule {
            if (access == null || pattern == null || !pattern.startsWith(API) || pattern.length() == API.length()
                    || pattern.indexOf('*') != pattern.lastIndexOf('*')
                    || pattern.contains("*") && !pattern.endsWith(ANY_BELOW)
                    || pattern.contains("//") || pattern.endsWith("/")) {
                throw new IllegalArgumentException("not an access rule: " + pattern + " -> " + access
                        + " (a path under " + API + ", optionally ending in " + ANY_BELOW + ")");
            }
        }
    }

    public static Rule rule(String pattern, Access access) {
        return new Rule(pattern, access);
    }

    public static AccessRules of(Rule... rules) {
        return new AccessRules(List.of(rules));
    }

    /** What {@code path} (within the context, as the container mapped it) needs; empty when no rule covers it. */
    public Optional<Access> accessFor(String path) {
        Access access = exact.get(path);
        for (String prefix = path; access == null && !prefix.isEmpty(); prefix = prefix.substring(0,
                prefix.lastIndexOf('/'))) {
            access = prefixes.get(prefix);
        }
        return Optional.ofNullable(access);
    }
}
