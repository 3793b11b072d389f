package dev.clerksync.auth;

import dev.clerksync.users.UserRepository;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Guards all of {@code /api/*}, denying by default, with two small decisions: who is calling (a
 * valid session token, else 401), and may they call this path ({@link AccessRules}: a path no rule
 * names is 403 for everyone; an admin path needs a local row with the admin role, else 403). The
 * role is read from our table, not from token claims, which can lag a demotion by up to a minute.
 */
public final class AccessFilter extends HttpFilter {

    private final transient BearerAuthenticator authenticator;
    private final transient AccessRules rules;
    private final transient UserRepository users;
    private final String adminRole;

    public AccessFilter(BearerAuthenticator authenticator, AccessRules rules, UserRepository users, String adminRole) {
        this.authenticator = authenticator;
        this.rules = rules;
        this.users = users;
        this.adminRole = adminRole;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Caller caller = authenticator.authenticate(request);
        Optional<Access> access = rules.accessFor(pathOf(request));
        if (access.isEmpty()) {
            throw new AccessDeniedException("no access rule allows this path");
        }
        if (access.get() == Access.ADMIN && !isAdmin(caller)) {
            throw new AccessDeniedException("the caller does not have the " + adminRole + " role");
        }
        caller.attachTo(request);
        chain.doFilter(request, response);
    }

    private static String pathOf(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }

    private boolean isAdmin(Caller caller) {
        return users.roleOf(caller.userId()).map(adminRole::equals).orElse(false);
    }
}
