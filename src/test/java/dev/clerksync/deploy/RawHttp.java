package dev.clerksync.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand on a socket, for requests {@code java.net.http} refuses to send: a
 * CONNECT, a request head over Tomcat's limit, a path with {@code %00}. Asks the server to close the
 * connection, and reads the answer until it does.
 */
final class RawHttp {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final int port;

    RawHttp(URL context) {
        this.port = context.getPort();
    }

    /** {@code METHOD target HTTP/1.1} with Host, Connection: close and {@code extraHeaders} (CRLF-ended lines). */
    Answer send(String method, String target, String extraHeaders) throws IOException {
        String head = method + " " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n" + extraHeaders
                + "Connection: close\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return Answer.parse(readAll(socket.getInputStream()));
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                answer.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException e) {
            // Whatever came before the timeout is the answer; the assertions say whether it is enough.
        } catch (IOException e) {
            // A server that resets after answering (it refused the rest of the request) still answered.
            if (answer.size() == 0) {
                throw e;
            }
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    /** The status code (-1: no status line), the head as sent, and the body. */
    record Answer(int status, String head, String body) {

        static Answer parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String head = end < 0 ? raw : raw.substring(0, end);
            String body = end < 0 ? "" : raw.substring(end + 4);
            String[] statusLine = head.split(" ", 3);
            int status = statusLine.length > 1 && statusLine[0].startsWith("HTTP/") && statusLine[1].matches("\\d{3}")
                    ? Integer.parseInt(statusLine[1]) : -1;
            return new Answer(status, head, body);
        }

        /** The Content-Type header's value, lower-cased, or "" when there is none. */
        String contentType() {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    return line.substring("content-type:".length()).trim().toLowerCase(Locale.ROOT);
                }
            }
            return "";
        }

        @Override
        public String toString() {
            return head + "\n\n" + body;
        }
    }
}
