package dev.berth.sim.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Reads requests from one client connection under the connection limits: a whole head within the
 * header timeout, then the body copied on as it arrives, never waiting longer than the limits allow.
 */
final class RequestReader {
    private final Socket client;
    private final InputStream in;
    private final ConnectionLimits limits;

    RequestReader(Socket client, InputStream in, ConnectionLimits limits) {
        this.client = client;
        this.in = in;
        this.limits = limits;
    }

    /** The next request's head; null when the client closed or stayed idle; {@code first} is a byte already read, or -1. */
    RequestHead head(int first) throws IOException, FrontError {
        int next = first;
        if (next < 0) {
            client.setSoTimeout(millis(limits.idle().toMillis()));
            try {
                next = in.read();
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (next < 0) {
                return null;
            }
        }
        long deadline = System.nanoTime() + limits.header().toNanos();
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        head.write(next);
        int tail = next;
        while (!ended(tail)) {
            if (head.size() >= limits.maxHeadBytes()) {
                throw new FrontError(431, "RequestHeaderSectionTooLarge",
                        "Request header section is larger than " + limits.maxHeadBytes() + " bytes");
            }
            int b = read(deadline, "Request header not received within " + limits.header().toSeconds() + " seconds");
            if (b < 0) {
                throw new FrontError(400, "BadRequest", "The connection ended before the request header was complete");
            }
            head.write(b);
            tail = (tail << 8) | b;
        }
        return RequestHead.parse(head.toByteArray());
    }

    /** Copies the body of {@code head} to {@code out}, as framed (Content-Length or chunked). */
    void copyBody(RequestHead head, OutputStream out) throws IOException, FrontError {
        long length = head.framing();
        long max = limits.maxBody(head.method(), head.path());
        long deadline = max < 0 ? Long.MAX_VALUE : System.nanoTime() + limits.body().toNanos();
        if (length >= 0) {
            if (max >= 0 && length > max) {
                throw tooLarge(max);
            }
            copy(length, out, deadline);
            return;
        }
        long total = 0;
        while (true) {
            String sizeLine = line(out, deadline);
            int semi = sizeLine.indexOf(';');
            String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip();
            if (!hex.matches("[0-9A-Fa-f]{1,15}")) {
                throw new FrontError(400, "BadRequest", "Malformed chunk size: " + RequestHead.printable(sizeLine));
            }
            long size = Long.parseLong(hex, 16);
            total += size;
            if (max >= 0 && total > max) {
                throw tooLarge(max);
            }
            if (size == 0) {
                while (!line(out, deadline).isEmpty()) {
                    // trailer fields are passed on as they are
                }
                return;
            }
            copy(size, out, deadline);
            if (!line(out, deadline).isEmpty()) {
                throw new FrontError(400, "BadRequest", "Chunk data longer than its declared size");
            }
        }
    }

    private FrontError tooLarge(long max) {
        return new FrontError(413, "RequestEntityTooLarge", "Request body is larger than " + max + " bytes");
    }

    private void copy(long length, OutputStream out, long deadline) throws IOException, FrontError {
        byte[] buffer = new byte[(int) Math.min(64 * 1024, Math.max(1, length))];
        for (long left = length; left > 0; ) {
            client.setSoTimeout(bodyWait(deadline));
            int read;
            try {
                read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            } catch (SocketTimeoutException e) {
                throw bodyTimeout();
            }
            if (read < 0) {
                throw new FrontError(400, "BadRequest", "The connection ended before the request body was complete");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    /** Reads one CRLF-terminated line of chunk framing, copying it to {@code out}; returns it without the CRLF. */
    private String line(OutputStream out, long deadline) throws IOException, FrontError {
        StringBuilder text = new StringBuilder();
        while (true) {
            client.setSoTimeout(bodyWait(deadline));
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                throw bodyTimeout();
            }
            if (b < 0) {
                throw new FrontError(400, "BadRequest", "The connection ended before the request body was complete");
            }
            out.write(b);
            if (b == '\n') {
                int end = text.length() > 0 && text.charAt(text.length() - 1) == '\r' ? text.length() - 1 : text.length();
                return text.substring(0, end);
            }
            if (text.length() > 4096) {
                throw new FrontError(400, "BadRequest", "Chunk framing line too long");
            }
            text.append((char) b);
        }
    }

    private int bodyWait(long deadline) throws FrontError {
        long idle = limits.bodyIdle().toMillis();
        if (deadline == Long.MAX_VALUE) {
            return millis(idle);
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw bodyTimeout();
        }
        return millis(Math.min(idle, left));
    }

    private FrontError bodyTimeout() {
        return new FrontError(408, "RequestTimeout", "Request body not received in time (pauses of at most "
                + limits.bodyIdle().toSeconds() + " s, API calls within " + limits.body().toSeconds() + " s)");
    }

    private int read(long deadline, String timeoutMessage) throws IOException, FrontError {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new FrontError(408, "RequestTimeout", timeoutMessage);
        }
        client.setSoTimeout(millis(left));
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw new FrontError(408, "RequestTimeout", timeoutMessage);
        }
    }

    /** Whether the last bytes read ({@code tail}, newest lowest) end a head: CRLF CRLF, or LF LF. */
    private static boolean ended(int tail) {
        return tail == 0x0d0a0d0a || (tail & 0xffff) == 0x0a0a;
    }

    private static int millis(long value) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, value));
    }
}
