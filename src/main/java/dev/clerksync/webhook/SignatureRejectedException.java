package dev.clerksync.webhook;

/** The delivery's signature matched no signing secret, or its timestamp is too far off. */
public final class SignatureRejectedException extends RuntimeException {

    SignatureRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
