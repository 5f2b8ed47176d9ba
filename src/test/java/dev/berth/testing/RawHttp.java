package dev.berth.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP over a raw socket, so that a test controls every byte and every pause: a script of writes,
 * pauses and half-closes, then the one answer read back (status, error code) or that the server
 * closed the connection without one.
 */
public final class RawHttp {
    private static final Pattern JSON_TYPE = Pattern.compile("\"__type\"\\s*:\\s*\"(?:[^\"#]*#)?([^\"]*)\"");
    private static final Pattern OCI_CODE = Pattern.compile("\"errors\"\\s*:\\s*\\[\\s*\\{\\s*\"code\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");

    private final List<Object> steps = new ArrayList<>();

    /** An answer: status -1 when the server closed the connection without answering. */
    public record Answer(int status, String code, String contentType, String body, long millis) {
    }

    public static RawHttp script() {
        return new RawHttp();
    }

    public RawHttp send(String text) {
        steps.add(text.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    public RawHttp send(byte[] bytes) {
        steps.add(bytes);
        return this;
    }

    public RawHttp pause(long millis) {
        steps.add(millis);
        return this;
    }

    /** Sends {@code text} one byte at a time with {@code millis} between bytes (a slow client). */
    public RawHttp drip(String text, long millis) {
        for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
            steps.add(new byte[]{b});
            steps.add(millis);
        }
        return this;
    }

    public RawHttp halfClose() {
        steps.add("SHUT");
        return this;
    }

    /** Runs the script on a new connection to 127.0.0.1:{@code port} and reads the answer (waiting at most {@code timeoutMillis}). */
    public Answer run(int port, int timeoutMillis) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            for (Object step : steps) {
                try {
                    if (step instanceof byte[] bytes) {
                        out.write(bytes);
                        out.flush();
                    } else if (step instanceof Long millis) {
                        Thread.sleep(millis);
                    } else {
                        socket.shutdownOutput();
                    }
                } catch (IOException e) {
                    break; // the server answered and closed early: read what it said
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            return read(socket.getInputStream(), start);
        }
    }

    private static Answer read(InputStream in, long start) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int tail = 0;
        try {
            for (int b; (b = in.read()) >= 0; ) {
                head.write(b);
                tail = (tail << 8) | b;
                if (tail == 0x0d0a0d0a) {
                    break;
                }
            }
        } catch (IOException e) {
            // a reset: treated as closed without an answer below when nothing came
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (head.size() == 0 || tail != 0x0d0a0d0a) {
            return new Answer(-1, null, null, head.toString(StandardCharsets.ISO_8859_1), millis);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.substring(9, 12));
        String type = header(text, "content-type");
        String length = header(text, "content-length");
        byte[] body;
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(header(text, "transfer-encoding"))) {
            body = dechunk(in);
        } else {
            body = new byte[0];
        }
        String bodyText = new String(body, StandardCharsets.UTF_8);
        return new Answer(status, code(bodyText), type, bodyText, millis);
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = line(in);
            int size = Integer.parseInt(line.split(";")[0].strip(), 16);
            if (size == 0) {
                line(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    private static String code(String body) {
        for (Pattern pattern : List.of(JSON_TYPE, OCI_CODE, XML_CODE)) {
            Matcher m = pattern.matcher(body);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }
}
