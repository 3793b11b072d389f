package dev.clerksync.auth;

import dev.clerksync.ratelimit.RateLimitedException;
import dev.clerksync.ratelimit.RateLimiter;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads {@code Authorization: Bearer …}, verifies it, and counts the call against the caller's rate
 * limit. The count comes here, right after the token, so that a caller over its limit costs nothing
 * more: not the admin filter's role lookup, not a servlet's work.
 */
public final class BearerAuthenticator {

    private static final String PREFIX = "bearer ";

    private final SessionTokenVerifier verifier;
    private final RateLimiter callers;

    /** @param callers the per-caller limit, keyed by the token's {@code sub} */
    public BearerAuthenticator(SessionTokenVerifier verifier, RateLimiter callers) {
        this.verifier = verifier;
        this.callers = callers;
    }

    /**
     * @throws InvalidTokenException when there is no bearer token or it does not verify
     * @throws RateLimitedException when the caller is over its limit
     */
    public Caller authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new InvalidTokenException("an Authorization: Bearer <Clerk session token> header is required", false);
        }
        Caller caller = verifier.verify(header.substring(PREFIX.length()).trim());
        callers.admit(caller.userId());
        return caller;
    }
}
