package dev.clerksync.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange on a fresh connection, written byte for byte: what a hostile client can send
 * and {@link java.net.http.HttpClient} refuses to (NUL bytes, raw {@code %00}, unknown methods, lying
 * headers). Reads the whole answer until the server closes ({@code Connection: close}).
 */
public final class RawHttp {

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 20_000;
    private static final int MAX_ANSWER = 4 * 1024 * 1024;

    /** An answer; {@code status} is -1 when none came (reset, timeout), with {@code error} saying why. */
    public record Answer(int status, String head, String body, String error) {

        public String header(String name) {
            String lower = head.toLowerCase(Locale.ROOT);
            int at = lower.indexOf("\r\n" + name.toLowerCase(Locale.ROOT) + ":");
            if (at < 0) {
                return null;
            }
            int start = at + name.length() + 3;
            int end = lower.indexOf("\r\n", start);
            return head.substring(start, end < 0 ? head.length() : end).trim();
        }

        public String all() {
            return head + "\r\n\r\n" + body;
        }
    }

    private final String host;
    private final int port;

    public RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}. */
    public Answer exchange(String head, byte[] body) {
        byte[] headBytes = (head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(headBytes);
                if (body.length > 0) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // The server may answer (413, 400) and close before the body is written: read what it said.
            }
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            return new Answer(-1, "", "", "no answer in " + READ_TIMEOUT_MS / 1000 + " s");
        } catch (IOException e) {
            return new Answer(-1, "", "", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** {@code METHOD target HTTP/1.1} with Host, {@code extraHeaders} (CRLF-ended lines) and Connection: close. */
    public Answer send(String method, String target, String extraHeaders) {
        return exchange(method + " " + target + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + extraHeaders
                + "Connection: close", new byte[0]);
    }

    /**
     * Reads the answer up to its end: the head, then Content-Length bytes or the chunks up to the last
     * one, else until the server closes. Not waiting for the close matters: after answering a request
     * whose body never comes, Tomcat keeps the connection until its timeout.
     */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            int read;
            while (!complete(answer) && answer.size() < MAX_ANSWER && (read = in.read(buffer)) >= 0) {
                answer.write(buffer, 0, read);
            }
        } catch (IOException e) {
            if (answer.size() == 0) {
                throw e;
            }
            // A reset after (part of) the answer: keep what came.
        }
        String text = answer.toString(StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? text : text.substring(0, headEnd);
        String body = headEnd < 0 ? "" : text.substring(headEnd + 4);
        if (!head.startsWith("HTTP/1.") || head.length() < 12) {
            return new Answer(-1, head, body, "not an HTTP answer (" + answer.size() + " bytes)");
        }
        return new Answer(Integer.parseInt(head.substring(9, 12)), head, body, null);
    }

    private static boolean complete(ByteArrayOutputStream answer) {
        String text = answer.toString(StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
        int bodyLength = text.length() - headEnd - 4;
        int at = head.indexOf("\r\ncontent-length:");
        if (at >= 0) {
            int end = head.indexOf("\r\n", at + 2);
            long length = Long.parseLong(head.substring(at + 17, end < 0 ? head.length() : end).trim());
            return bodyLength >= length;
        }
        if (head.contains("\r\ntransfer-encoding: chunked")) {
            return text.endsWith("\r\n0\r\n\r\n") || text.substring(headEnd + 4).startsWith("0\r\n\r\n");
        }
        // HEAD, 204 and 304 have no body; anything else without a length ends with the connection.
        return text.startsWith("HTTP/1.1 204") || text.startsWith("HTTP/1.1 304");
    }
}
