package dev.clerksync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on loopback that holds every chunk it passes on, in each direction, for a fixed
 * delay: a PostgreSQL "one network hop away" on a machine where everything runs on loopback, to
 * measure what a round trip costs the webhook path. With a delay of 50 µs a {@code select 1}
 * through it takes about 0.6 ms instead of 0.13 ms on the development machine (parking overshoots).
 *
 * <pre>java src/dev/java/dev/clerksync/bench/DelayedRelay.java 15432 5432 50</pre>
 * (listen port, PostgreSQL's port, delay in microseconds), then point {@code DATABASE_URL} at 15432.
 */
public final class DelayedRelay {

    private DelayedRelay() {
    }

    public static void main(String[] args) throws IOException {
        int listen = Integer.parseInt(args[0]);
        int target = Integer.parseInt(args[1]);
        long delayNanos = Long.parseLong(args[2]) * 1000;
        try (ServerSocket server = new ServerSocket(listen, 200, InetAddress.getLoopbackAddress())) {
            while (true) {
                Socket client = server.accept();
                Socket database = new Socket(InetAddress.getLoopbackAddress(), target);
                client.setTcpNoDelay(true);
                database.setTcpNoDelay(true);
                pipe(client, database, delayNanos);
                pipe(database, client, delayNanos);
            }
        }
    }

    private static void pipe(Socket from, Socket to, long delayNanos) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[65536];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    long until = System.nanoTime() + delayNanos;
                    for (long left = delayNanos; left > 0; left = until - System.nanoTime()) {
                        LockSupport.parkNanos(left);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed: close both
            } finally {
                close(from);
                close(to);
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
