package dev.clerksync.http;

/** A request body over the endpoint's limit; the rest of it was not read. */
public final class PayloadTooLargeException extends RuntimeException {

    private final long limit;

    PayloadTooLargeException(long limit) {
        super("the body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
