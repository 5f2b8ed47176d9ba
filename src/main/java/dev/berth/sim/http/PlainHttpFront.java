package dev.berth.sim.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator's public port. Registry clients (jib, docker, skopeo) try HTTPS before plain HTTP;
 * a plain HTTP server would sit on their TLS handshake waiting for a request line, so the client
 * falls back only after a timeout, for every connection. This front looks at the first byte of
 * each connection: a TLS handshake record is refused at once. It reads each request's head whole
 * (within the header timeout, strictly parsed) before the HTTP server behind it sees the request,
 * and copies the body on under the body limits, so slow or half-open clients hold no server worker;
 * requests it refuses get an AWS-style error. Answers are relayed unchanged. It can also play an
 * endpoint that goes away for a while and comes back: every open connection is reset, then for the
 * outage's window new connections are refused (nothing listens on the port) or reset as soon as
 * they are accepted.
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
    private final ConnectionLimits limits;
    private final AtomicInteger connections = new AtomicInteger();
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ScheduledExecutorService timer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "berth-sim-outage");
                thread.setDaemon(true);
                return thread;
            });
    private volatile Outage outage;
    private volatile boolean closed;
    // two threads a connection (requests in, answers out); idle threads end after a few seconds
    private final ThreadPoolExecutor threads;

    private PlainHttpFront(ServerSocket listener, InetSocketAddress backend, ConnectionLimits limits) {
        this.listener = listener;
        this.port = listener.getLocalPort();
        this.backend = backend;
        this.limits = limits;
        this.threads = new ThreadPoolExecutor(0, 2 * limits.maxConnections() + 8, 2, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "berth-sim-front");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Listens on 127.0.0.1:{@code port} (0 for any free port) and relays to {@code backend}. */
    public static PlainHttpFront start(int port, InetSocketAddress backend, ConnectionLimits limits) throws IOException {
        ServerSocket listener = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
        PlainHttpFront front = new PlainHttpFront(listener, backend, limits);
        front.threads.execute(() -> front.accept(listener));
        return front;
    }

    public static PlainHttpFront start(int port, InetSocketAddress backend) throws IOException {
        return start(port, backend, ConnectionLimits.DEFAULT);
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
                if (connections.incrementAndGet() > limits.maxConnections()) {
                    refuse(client);
                    continue;
                }
                try {
                    threads.execute(() -> {
                        try {
                            serve(client);
                        } finally {
                            connections.decrementAndGet();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    refuse(client); // shutting down
                }
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

    /** Over the connection limit: a short 503 written at once (it fits the socket buffer), then closed. */
    private void refuse(Socket client) {
        connections.decrementAndGet();
        try (client) {
            client.setSoLinger(true, 0);
            client.getOutputStream().write(new FrontError(503, "ServiceUnavailable",
                    "Too many open connections (at most " + limits.maxConnections() + ")").response(null));
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private void serve(Socket client) {
        open.add(client);
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream());
            client.setSoTimeout((int) limits.idle().toMillis());
            int first = in.read();
            if (first < 0 || first == TLS_HANDSHAKE_RECORD) {
                return; // this is plain HTTP only: the client sees the handshake fail and retries over HTTP
            }
            try (Socket server = new Socket(backend.getAddress(), backend.getPort())) {
                server.setTcpNoDelay(true);
                AtomicBoolean frontAnswers = new AtomicBoolean();
                Future<?> answers = threads.submit(() -> relay(server, client, frontAnswers));
                RequestHead head = null;
                try {
                    forward(new RequestReader(client, in, limits), first, server);
                } catch (FrontErrorAt e) {
                    head = e.head;
                    frontAnswers.set(true);
                    server.shutdownOutput(); // answers to the requests before this one still go out first
                    awaitQuietly(answers);
                    client.getOutputStream().write(e.error.response(head));
                    client.getOutputStream().flush();
                    return;
                }
                server.shutdownOutput();
                awaitQuietly(answers);
            }
        } catch (IOException e) {
            // the client went away or stayed idle: nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    /** Passes the client's requests on, one by one, until it closes, idles out, or sends one to refuse. */
    private static void forward(RequestReader reader, int first, Socket server) throws IOException, FrontErrorAt {
        OutputStream out = new BufferedOutputStream(server.getOutputStream(), 64 * 1024);
        RequestHead head = null;
        try {
            for (int pending = first; ; pending = -1) {
                head = null;
                head = reader.head(pending);
                if (head == null) {
                    return;
                }
                out.write(head.raw());
                if ("100-continue".equalsIgnoreCase(head.header("expect"))) {
                    out.flush(); // the server behind answers 100 Continue, and the client sends its body at once
                }
                reader.copyBody(head, out);
                out.flush();
                if (head.wantsClose()) {
                    return;
                }
            }
        } catch (FrontError e) {
            throw new FrontErrorAt(head, e);
        }
    }

    private void awaitQuietly(Future<?> answers) throws InterruptedException {
        try {
            answers.get(limits.body().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            answers.cancel(true);
        }
    }

    /**
     * Copies the server's answers to the client until the server ends the connection, then ends the
     * client's (a server that cut an answer short must not leave the client waiting), unless the
     * front has an answer of its own to add.
     */
    private static void relay(Socket from, Socket to, AtomicBoolean frontAnswers) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, read);
                out.flush();
            }
            if (!frontAnswers.get()) {
                to.shutdownOutput();
            }
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

    /** A refused request, with its head when it was read. */
    private static final class FrontErrorAt extends Exception {
        final transient RequestHead head;
        final FrontError error;

        FrontErrorAt(RequestHead head, FrontError error) {
            super(error.getMessage());
            this.head = head;
            this.error = error;
        }
    }
}
