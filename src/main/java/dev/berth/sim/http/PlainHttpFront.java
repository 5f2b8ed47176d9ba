package dev.berth.sim.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The simulator's public port. Registry clients (jib, docker, skopeo) try HTTPS before plain HTTP;
 * a plain HTTP server would sit on their TLS handshake waiting for a request line, so the client
 * falls back only after a timeout, for every connection. This front looks at the first byte of
 * each connection: a TLS handshake record is refused at once, and anything else is relayed
 * unchanged to the HTTP server behind it.
 */
public final class PlainHttpFront implements AutoCloseable {
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private final ServerSocket listener;
    private final InetSocketAddress backend;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "berth-sim-front");
        thread.setDaemon(true);
        return thread;
    });

    private PlainHttpFront(ServerSocket listener, InetSocketAddress backend) {
        this.listener = listener;
        this.backend = backend;
    }

    /** Listens on 127.0.0.1:{@code port} (0 for any free port) and relays to {@code backend}. */
    public static PlainHttpFront start(int port, InetSocketAddress backend) throws IOException {
        ServerSocket listener = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
        PlainHttpFront front = new PlainHttpFront(listener, backend);
        front.threads.execute(front::accept);
        return front;
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            int first = in.read();
            if (first < 0 || first == TLS_HANDSHAKE_RECORD) {
                return; // this is plain HTTP only: the client sees the handshake fail and retries over HTTP
            }
            try (Socket server = new Socket(backend.getAddress(), backend.getPort())) {
                server.setTcpNoDelay(true);
                Future<?> answers = threads.submit(() -> relay(server, client, -1));
                relay(client, server, first);
                answers.get(); // the server's answers are through before the client's socket closes
            }
        } catch (IOException | ExecutionException e) {
            // the client went away: nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies {@code from} to {@code to} (after {@code first}, when not -1), then half-closes {@code to}. */
    private static void relay(Socket from, Socket to, int first) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            if (first >= 0) {
                out.write(first);
            }
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a broken connection: nothing more to do
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        threads.shutdownNow();
    }
}
