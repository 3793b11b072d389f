package dev.clerksync.auth;

import jakarta.servlet.http.HttpServletRequest;

/** The Clerk user a verified session token speaks for. */
public record Caller(String userId) {

    private static final String ATTRIBUTE = Caller.class.getName();

    void attachTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    /** The caller a filter verified for this request. */
    public static Caller of(HttpServletRequest request) {
        Object caller = request.getAttribute(ATTRIBUTE);
        if (caller instanceof Caller verified) {
            return verified;
        }
        throw new IllegalStateException("no verified caller: is the session filter mapped to this path?");
    }
}
