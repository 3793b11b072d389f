package dev.clerksync.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body into memory, refusing more than a fixed number of bytes. */
public final class BodyReader {

    private final int limit;

    public BodyReader(int limit) {
        this.limit = limit;
    }

    /**
     * Refuses up front on a declared {@code Content-Length} over the limit, and otherwise stops
     * reading at the first byte past it (chunked bodies declare no length).
     *
     * @throws PayloadTooLargeException when the body is over the limit
     */
    public byte[] read(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > limit) {
            throw new PayloadTooLargeException(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new PayloadTooLargeException(limit);
            }
            return body;
        }
    }
}
