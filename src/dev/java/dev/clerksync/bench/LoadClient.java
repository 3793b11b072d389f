package dev.clerksync.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark's load generator, run by {@link WebhookBenchmark} in a JVM of its own so that
 * the server JVM's CPU is the server's alone, as with a real Svix sender on another machine.
 * It is deliberately lean: each client thread writes pre-built, pre-signed HTTP/1.1 requests on a
 * keep-alive socket, one at a time, and reads each answer's status line, headers and
 * {@code Content-Length} body; it reconnects when the server closes the connection.
 *
 * <p>Protocol with the benchmark: {@code java LoadClient HOST PORT REQUESTS_FILE RESULTS_FILE [SECONDS]}.
 * It reads the requests, connects, prints {@code ready}, waits for a line on standard input,
 * posts, writes the results and prints {@code done}. With {@code SECONDS} above 0, each thread
 * stops taking its next request once that long has passed since the go (a round measured by
 * duration; the requests file is then an upper bound).
 *
 * <p>Requests file: {@code int clients}, then per client {@code int count} and per request
 * {@code int length, byte[length]}. Results file: {@code long elapsedNanos, long cpuNanos}, then per
 * client {@code int sent}, and per sent request, in order, {@code long latencyNanos, short httpStatus,
 * byte outcome, byte retryAfter}: the outcome is the index in {@link #OUTCOMES} of the {@code "status"}
 * the answer names, or {@code OUTCOMES.size()} for anything else; retryAfter is 1 when the answer
 * carried a {@code Retry-After} header. The benchmark needs each request's answer, in order, to
 * know which user state the server should hold afterwards.
 *
 * <p>A request that gets no answer (the connection refused, reset or silent for 30 s, twice) is
 * recorded with status {@link #NO_ANSWER} and the client goes on with its next one on a new
 * connection: under overload that is a finding to count, not a reason to stop the round.
 */
public final class LoadClient {

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 30_000;
    /** The webhook's answers, {@code {"status":"applied"}} and so on; read by the benchmark too. */
    static final List<String> OUTCOMES = List.of("applied", "stale", "duplicate", "ignored", "failed");
    /** The status recorded for a request that got no answer at all. */
    static final int NO_ANSWER = 0;
    private static final List<byte[]> OUTCOME_NEEDLES = OUTCOMES.stream()
            .map(label -> ("\"" + label + "\"").getBytes(StandardCharsets.US_ASCII))
            .toList();

    private LoadClient() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        List<List<byte[]>> perClient = readRequests(Path.of(args[2]));
        double seconds = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        List<Connection> connections = new ArrayList<>();
        for (int client = 0; client < perClient.size(); client++) {
            connections.add(new Connection(host, port));
        }
        System.out.println("ready");
        System.out.flush();
        if (new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine() == null) {
            return;
        }
        ExecutorService threads = Executors.newFixedThreadPool(perClient.size());
        long cpuStarted = processCpuNanos();
        long started = System.nanoTime();
        long deadline = seconds > 0 ? started + (long) (seconds * 1e9) : Long.MAX_VALUE;
        List<Future<Result>> futures = new ArrayList<>();
        for (int client = 0; client < perClient.size(); client++) {
            Connection connection = connections.get(client);
            List<byte[]> requests = perClient.get(client);
            futures.add(threads.submit(() -> connection.post(requests, deadline)));
        }
        List<Result> results = new ArrayList<>();
        for (Future<Result> future : futures) {
            results.add(future.get());
        }
        long elapsed = System.nanoTime() - started;
        long cpu = processCpuNanos() - cpuStarted;
        threads.shutdown();
        for (Connection connection : connections) {
            connection.close();
        }
        writeResults(Path.of(args[3]), elapsed, cpu, results);
        System.out.println("done");
        System.out.flush();
    }

    static List<List<byte[]>> readRequests(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            int clients = in.readInt();
            List<List<byte[]>> perClient = new ArrayList<>(clients);
            for (int client = 0; client < clients; client++) {
                int count = in.readInt();
                List<byte[]> requests = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    byte[] request = new byte[in.readInt()];
                    in.readFully(request);
                    requests.add(request);
                }
                perClient.add(requests);
            }
            return perClient;
        }
    }

    private static void writeResults(Path file, long elapsed, long cpu, List<Result> results) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeLong(elapsed);
            out.writeLong(cpu);
            for (Result result : results) {
                out.writeInt(result.sent);
                for (int i = 0; i < result.sent; i++) {
                    out.writeLong(result.latencies[i]);
                    out.writeShort(result.statuses[i]);
                    out.writeByte(result.outcomes[i]);
                    out.writeByte(result.retryAfter[i] ? 1 : 0);
                }
            }
        }
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The first {@code sent} entries are filled: fewer than requested when the deadline stopped the thread. */
    private record Result(int sent, long[] latencies, short[] statuses, byte[] outcomes, boolean[] retryAfter) {
    }

    /** One keep-alive HTTP/1.1 connection, used by one thread. */
    private static final class Connection {

        private final String host;
        private final int port;
        private final byte[] buffer = new byte[16 * 1024];
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(String host, int port) throws IOException {
            this.host = host;
            this.port = port;
            open();
        }

        private void open() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void close() {
            closeQuietly();
        }

        Result post(List<byte[]> requests, long deadline) {
            long[] latencies = new long[requests.size()];
            short[] statuses = new short[requests.size()];
            byte[] outcomes = new byte[requests.size()];
            boolean[] retryAfter = new boolean[requests.size()];
            int sent = 0;
            for (int i = 0; i < requests.size() && System.nanoTime() < deadline; i++) {
                long started = System.nanoTime();
                Answer answer = send(requests.get(i));
                latencies[i] = System.nanoTime() - started;
                statuses[i] = (short) answer.status;
                outcomes[i] = (byte) answer.outcome;
                retryAfter[i] = answer.retryAfter;
                sent++;
                if (answer.close) {
                    reopenQuietly();
                }
            }
            closeQuietly();
            return new Result(sent, latencies, statuses, outcomes, retryAfter);
        }

        /** A connection the server closed between two requests gets one fresh try; a second failure is no answer. */
        private Answer send(byte[] request) {
            for (int attempt = 1; ; attempt++) {
                try {
                    if (socket == null) {
                        open();
                    }
                    return exchange(request);
                } catch (IOException e) {
                    closeQuietly();
                    if (attempt == 2) {
                        return new Answer(NO_ANSWER, OUTCOMES.size(), false, true);
                    }
                }
            }
        }

        /** Off the next request's clock, as far as it goes; a failure is met again by that request. */
        private void reopenQuietly() {
            closeQuietly();
            try {
                open();
            } catch (IOException e) {
                closeQuietly();
            }
        }

        private void closeQuietly() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // already gone
                }
                socket = null;
            }
        }

        private record Answer(int status, int outcome, boolean retryAfter, boolean close) {
        }

        /** Sends one request and reads its answer: head up to the blank line, then Content-Length bytes. */
        private Answer exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            int filled = 0;
            int headEnd = -1;
            while (headEnd < 0) {
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    throw new EOFException("connection closed before the answer");
                }
                filled += read;
                headEnd = indexOfBlankLine(buffer, filled);
                if (headEnd < 0 && filled == buffer.length) {
                    throw new IOException("answer head larger than " + buffer.length + " bytes");
                }
            }
            String head = new String(buffer, 0, headEnd, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(head.substring(9, 12));
            String lower = head.toLowerCase(Locale.ROOT);
            int length = headerInt(lower, "\r\ncontent-length:");
            if (length < 0) {
                throw new IOException("answer without Content-Length: " + head);
            }
            int bodyStart = headEnd + 4;
            int bodyEnd = bodyStart + length;
            if (bodyEnd > buffer.length) {
                throw new IOException("answer body larger than the buffer");
            }
            while (filled < bodyEnd) {
                int read = in.read(buffer, filled, bodyEnd - filled);
                if (read < 0) {
                    throw new EOFException("connection closed inside the answer body");
                }
                filled += read;
            }
            return new Answer(status, outcome(bodyStart, bodyEnd), lower.contains("\r\nretry-after:"),
                    lower.contains("\r\nconnection: close"));
        }

        private int outcome(int bodyStart, int bodyEnd) {
            for (int i = 0; i < OUTCOME_NEEDLES.size(); i++) {
                if (indexOf(buffer, bodyStart, bodyEnd, OUTCOME_NEEDLES.get(i)) >= 0) {
                    return i;
                }
            }
            return OUTCOME_NEEDLES.size();
        }

        private static int headerInt(String head, String name) {
            int at = head.indexOf(name);
            if (at < 0) {
                return -1;
            }
            int end = head.indexOf("\r\n", at + name.length());
            return Integer.parseInt(head.substring(at + name.length(), end < 0 ? head.length() : end).trim());
        }

        private static int indexOfBlankLine(byte[] bytes, int length) {
            for (int i = 0; i + 3 < length; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private static int indexOf(byte[] bytes, int from, int to, byte[] needle) {
            outer:
            for (int i = from; i + needle.length <= to; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
