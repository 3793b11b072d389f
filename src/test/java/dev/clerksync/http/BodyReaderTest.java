package dev.clerksync.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clerksync.support.StubRequest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The size limit on request bodies, declared or not. */
class BodyReaderTest {

    private static final int LIMIT = 16;

    private final BodyReader reader = new BodyReader(LIMIT);

    @Test
    void bodyUpToTheLimitIsRead() throws IOException {
        byte[] body = new byte[LIMIT];

        assertArrayEquals(body, reader.read(StubRequest.with().body(body).build()));
    }

    @Test
    void emptyBodyIsRead() throws IOException {
        assertArrayEquals(new byte[0], reader.read(StubRequest.with().build()));
    }

    @Test
    void declaredLengthOverTheLimitIsRefusedBeforeReading() {
        PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
                () -> reader.read(StubRequest.with().body(new byte[1]).declaredLength(LIMIT + 1).build()));

        assertEquals(LIMIT, e.limit());
        assertEquals("the body is larger than 16 bytes", e.getMessage());
    }

    @Test
    void undeclaredBodyOverTheLimitIsRefusedAtItsFirstByteTooMany() {
        assertThrows(PayloadTooLargeException.class,
                () -> reader.read(StubRequest.with().body(new byte[LIMIT + 1]).undeclaredLength().build()));
    }

    @Test
    void bodyLongerThanItsDeclaredLengthIsRefusedToo() {
        assertThrows(PayloadTooLargeException.class,
                () -> reader.read(StubRequest.with().body(new byte[LIMIT + 1]).declaredLength(10).build()));
    }
}
