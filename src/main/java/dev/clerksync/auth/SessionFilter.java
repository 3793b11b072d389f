package dev.clerksync.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Lets through any request with a valid session token, and attaches its {@link Caller}. */
public final class SessionFilter extends HttpFilter {

    private final transient BearerAuthenticator authenticator;

    public SessionFilter(BearerAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        authenticator.authenticate(request).attachTo(request);
        chain.doFilter(request, response);
    }
}
