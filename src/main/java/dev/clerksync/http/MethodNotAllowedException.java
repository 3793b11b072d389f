package dev.clerksync.http;

import java.util.Set;

/** A method the path does not serve (405); {@link #allowed} is what it does serve. */
public final class MethodNotAllowedException extends RuntimeException {

    private final String allowed;

    public MethodNotAllowedException(String method, Set<String> allowed) {
        super(method + " is not served here; this path serves " + String.join(", ", allowed));
        this.allowed = String.join(", ", allowed);
    }

    /** The value of the {@code Allow} header. */
    public String allowed() {
        return allowed;
    }
}
