package dev.clerksync.auth;

import jakarta.servlet.http.HttpServletRequest;

/** Reads {@code Authorization: Bearer …} and verifies it. */
public final class BearerAuthenticator {

    private static final String PREFIX = "bearer ";

    private final SessionTokenVerifier verifier;

    public BearerAuthenticator(SessionTokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** @throws InvalidTokenException when there is no bearer token or it does not verify */
    public Caller authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new InvalidTokenException("an Authorization: Bearer <Clerk session token> header is required", false);
        }
        return verifier.verify(header.substring(PREFIX.length()).trim());
    }
}
