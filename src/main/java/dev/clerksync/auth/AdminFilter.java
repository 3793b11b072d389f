package dev.clerksync.auth;

import dev.clerksync.users.UserRepository;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Guards {@code /api/admin/*} with two small decisions: who is calling (a valid session token,
 * else 401), and may they (a local row with the admin role, else 403). The role is read from our
 * table, not from token claims, which can lag a demotion by up to a minute.
 */
public final class AdminFilter extends HttpFilter {

    private final transient BearerAuthenticator authenticator;
    private final transient UserRepository users;
    private final String adminRole;

    public AdminFilter(BearerAuthenticator authenticator, UserRepository users, String adminRole) {
        this.authenticator = authenticator;
        this.users = users;
        this.adminRole = adminRole;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Caller caller = authenticator.authenticate(request);
        if (!isAdmin(caller)) {
            throw new AccessDeniedException("the caller does not have the " + adminRole + " role");
        }
        caller.attachTo(request);
        chain.doFilter(request, response);
    }

    private boolean isAdmin(Caller caller) {
        return users.roleOf(caller.userId()).map(adminRole::equals).orElse(false);
    }
}
