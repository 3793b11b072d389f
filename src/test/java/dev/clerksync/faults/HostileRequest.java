package dev.clerksync.faults;

import java.nio.charset.StandardCharsets;

/**
 * One hostile request of a class: the request head and body as bytes go on the wire, and what the
 * suite may accept as an answer besides "below 500, problem+json, nothing leaked".
 *
 * @param mustReject the contract says 4xx for it (a 2xx is reported as accepted)
 */
record HostileRequest(String head, byte[] body, boolean mustReject) {

    static HostileRequest of(String method, String path, String headers, String body, boolean mustReject) {
        return of(method, path, headers, body.getBytes(StandardCharsets.UTF_8), mustReject);
    }

    /**
     * {@code headers} are extra lines separated by CRLF (Host, Connection and a Content-Length matching the
     * body are added unless {@code headers} gives a Content-Length or Transfer-Encoding of its own).
     */
    static HostileRequest of(String method, String path, String headers, byte[] body, boolean mustReject) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nConnection: close");
        if (!headers.isEmpty()) {
            head.append("\r\n").append(headers);
        }
        String lower = headers.toLowerCase(java.util.Locale.ROOT);
        if (!lower.contains("content-length:") && !lower.contains("transfer-encoding:")
                && (body.length > 0 || method.equals("POST") || method.equals("PUT"))) {
            head.append("\r\nContent-Length: ").append(body.length);
        }
        return new HostileRequest(head.toString(), body, mustReject);
    }
}
