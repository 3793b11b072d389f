package dev.clerksync.support;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request for unit tests of code that reads headers, query parameters or the body, as a
 * sentence: {@code StubRequest.with().header("svix-id", "msg_1").body(bytes).build()}. Anything
 * else asked of it fails the test, so a test cannot pass on a value it never set.
 */
public final class StubRequest {

    private final Map<String, String> headers = new HashMap<>();
    private final Map<String, String> parameters = new HashMap<>();
    private byte[] body = new byte[0];
    private long contentLength = -1;

    private StubRequest() {
    }

    public static StubRequest with() {
        return new StubRequest();
    }

    /** Header names are case-insensitive, as in HTTP. */
    public StubRequest header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

    public StubRequest parameter(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    /** The body, with its length declared; {@link #undeclaredLength()} makes it a chunked body. */
    public StubRequest body(byte[] value) {
        body = value.clone();
        contentLength = value.length;
        return this;
    }

    public StubRequest declaredLength(long value) {
        contentLength = value;
        return this;
    }

    public StubRequest undeclaredLength() {
        return declaredLength(-1);
    }

    public HttpServletRequest build() {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                    case "getParameter" -> parameters.get((String) args[0]);
                    case "getContentLengthLong" -> contentLength;
                    case "getInputStream" -> inputStream();
                    case "toString" -> "StubRequest" + headers + parameters;
                    default -> throw new UnsupportedOperationException("StubRequest has no " + method.getName());
                });
    }

    private ServletInputStream inputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
