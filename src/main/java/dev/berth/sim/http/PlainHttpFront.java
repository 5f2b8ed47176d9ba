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
 * unchanged to the HTTP server behind it. It can also play an endpoint that goes away for a while
 * and comes back: every open connection is reset, then for the outage's window new connections are
 * refused (nothing listens on the port) or reset as soon as they are accepted.
 */
public final class PlainHttpFront implements AutoCloseable {
    private static final int TLS_HANDSHAKE_RECORD = 0x16;
    /** Lets the answer that started an outage reach its client before the connections go. */
    private static final long OUTAGE_START_DELAY_MILLIS = 200;

    /** How the endpoint is unreachable during an outage. */
    public enum OutageMode { REFUSE, RESET }

    /** An outage: its mode, when it starts and ends (System.nanoTime). */
    public record Outage(OutageMode mode, long startsAtNanos, long endsAtNanos) {
        public double secondsLeft() {
            return Math.max(0, (endsAtNanos - System.nanoTime()) / 1e9);
        }

        boolean active() {
            long now = System.nanoTime();
            return now - startsAtNanos >= 0 && endsAtNanos - now > 0;
        }
    }

    private volatile ServerSocket listener;
    private final int port;
    private final InetSocketAddress backend;
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "berth-sim-outage");
                thread.setDaemon(true);
                return thread;
            });
    private volatile Outage outage;
    private volatile boolean closed;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "berth-sim-front");
        thread.setDaemon(true);
        return thread;
    });

    private PlainHttpFront(ServerSocket listener, InetSocketAddress backend) {
        this.listener = listener;
        this.port = listener.getLocalPort();
        this.backend = backend;
    }

    /** Listens on 127.0.0.1:{@code port} (0 for any free port) and relays to {@code backend}. */
    public static PlainHttpFront start(int port, InetSocketAddress backend) throws IOException {
        ServerSocket listener = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
        PlainHttpFront front = new PlainHttpFront(listener, backend);
        front.threads.execute(() -> front.accept(listener));
        return front;
    }

    public int port() {
        return port;
    }

    /** The outage under way, if any. */
    public java.util.Optional<Outage> outage() {
        Outage current = outage;
        return current == null || current.secondsLeft() <= 0 ? java.util.Optional.empty() : java.util.Optional.of(current);
    }

    /**
     * Starts an outage of {@code window} (wall-clock time) a moment from now: open connections are
     * reset, and new ones refused or reset until it ends.
     */
    public synchronized void startOutage(java.time.Duration window, OutageMode mode) {
        if (outage().isPresent()) {
            throw new IllegalArgumentException("an outage is already under way");
        }
        long start = System.nanoTime() + OUTAGE_START_DELAY_MILLIS * 1_000_000;
        outage = new Outage(mode, start, start + window.toNanos());
        timer.schedule(() -> {
            open.forEach(PlainHttpFront::reset);
            if (mode == OutageMode.REFUSE) {
                closeQuietly(listener);
            }
        }, OUTAGE_START_DELAY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        timer.schedule(this::endOutage, OUTAGE_START_DELAY_MILLIS + window.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private synchronized void endOutage() {
        Outage ended = outage;
        outage = null;
        if (ended != null && ended.mode() == OutageMode.REFUSE && !closed) {
            try {
                ServerSocket again = new ServerSocket();
                again.setReuseAddress(true);
                again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
                listener = again;
                threads.execute(() -> accept(again));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("the simulator could not listen on port " + port + " again", e);
            }
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Outage current = outage;
                if (current != null && current.active()) {
                    reset(client);
                    continue;
                }
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    /** Drops a connection with a TCP reset rather than an orderly close. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing it is all that matters
        }
        closeQuietly(socket);
    }

    private void serve(Socket client) {
        open.add(client);
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
        } finally {
            open.remove(client);
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

    private static void closeQuietly(java.io.Closeable socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a broken connection: nothing more to do
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        timer.shutdownNow();
        threads.shutdownNow();
    }
}
