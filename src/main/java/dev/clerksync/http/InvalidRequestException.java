package dev.clerksync.http;

/** A well-formed request with a value we do not accept; the message names the field. */
public final class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
