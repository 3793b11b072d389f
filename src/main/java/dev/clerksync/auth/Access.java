package dev.clerksync.auth;

/** What a path under {@code /api} needs of its caller, as an {@link AccessRules} rule names it. */
public enum Access {

    /** Any caller with a valid session token. */
    SIGNED_IN,

    /** A caller whose row here has the admin role ({@code CLERK_SYNC_ADMIN_ROLE}). */
    ADMIN
}
