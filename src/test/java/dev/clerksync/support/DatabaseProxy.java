package dev.clerksync.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between the WAR and PostgreSQL, so a test can take the database away from the WAR
 * ({@link #cut()}: open connections reset, new ones refused) and give it back ({@link #restore()}),
 * the same on the embedded server and on a TEST_DATABASE_URL server the test does not own.
 */
final class DatabaseProxy implements AutoCloseable {

    private final String upstreamHost;
    private final int upstreamPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    DatabaseProxy(String upstreamHost, int upstreamPort) {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.server = bind(0);
        this.port = server.getLocalPort();
        acceptInBackground(server);
    }

    int port() {
        return port;
    }

    synchronized void cut() {
        close();
    }

    synchronized void restore() {
        if (server.isClosed()) {
            server = bind(port);
            acceptInBackground(server);
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(server);
        sockets.forEach(DatabaseProxy::closeQuietly);
        sockets.clear();
    }

    private static ServerSocket bind(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acceptInBackground(ServerSocket listening) {
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket upstream = new Socket(upstreamHost, upstreamPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException e) {
                    // closed by cut() or close(), or the upstream refused: the loop condition decides
                }
            }
        }, "db-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "db-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
