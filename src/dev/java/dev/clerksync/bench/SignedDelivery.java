package dev.clerksync.bench;

import com.svix.Webhook;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/** A body with its svix headers, signed once, before the clock starts. */
public record SignedDelivery(String id, long timestamp, String signature, byte[] body) {

    static String newSvixId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** A delivery with a fresh svix-id. */
    static SignedDelivery signed(Webhook signer, String body) throws Exception {
        return signed(signer, newSvixId(), body);
    }

    /** Signed now, with the svix-id given: a redelivery reuses its original's id and body. */
    public static SignedDelivery signed(Webhook signer, String id, String body) throws Exception {
        long timestamp = Instant.now().getEpochSecond();
        String signature = signer.sign(id, timestamp, body);
        return new SignedDelivery(id, timestamp, signature, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The whole HTTP/1.1 request, as a Svix sender would write it. */
    byte[] request(URI endpoint) {
        String head = "POST " + endpoint.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "svix-id: " + id + "\r\n"
                + "svix-timestamp: " + timestamp + "\r\n"
                + "svix-signature: " + signature + "\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }
}
