package dev.berth.sim.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The request line and header fields of one HTTP/1.1 request, read strictly (RFC 9112): anything a
 * server could read two ways (obsolete line folding, both Content-Length and Transfer-Encoding,
 * disagreeing lengths) is refused rather than guessed at.
 */
record RequestHead(String method, String target, String version, List<String[]> headers, byte[] raw) {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    /** Parses a head (everything up to and including the empty line). */
    static RequestHead parse(byte[] raw) throws FrontError {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        if (!text.endsWith("\r\n\r\n") || text.replace("\r\n", "").indexOf('\n') >= 0
                || text.replace("\r\n", "").indexOf('\r') >= 0) {
            throw new FrontError(400, "BadRequest", "Request head lines must end with CRLF");
        }
        String[] lines = text.split("\r\n", -1);
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches() || parts[1].isEmpty()) {
            throw new FrontError(400, "BadRequest", "Malformed request line: " + printable(lines[0]));
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new FrontError(parts[2].matches("HTTP/[0-9]\\.[0-9]") ? 505 : 400,
                    parts[2].matches("HTTP/[0-9]\\.[0-9]") ? "HttpVersionNotSupported" : "BadRequest",
                    "Unsupported protocol version: " + printable(parts[2]));
        }
        if (!parts[1].startsWith("/") || containsControl(parts[1])) {
            throw new FrontError(400, "BadRequest", "Malformed request target: " + printable(parts[1]));
        }
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new FrontError(400, "BadRequest", "Obsolete line folding in header fields is not accepted");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                throw new FrontError(400, "BadRequest", "Malformed header field: " + printable(line));
            }
            String value = line.substring(colon + 1).strip();
            if (containsControl(value)) {
                throw new FrontError(400, "BadRequest", "Control character in header field " + line.substring(0, colon));
            }
            headers.add(new String[]{line.substring(0, colon).toLowerCase(Locale.ROOT), value});
        }
        RequestHead head = new RequestHead(parts[0], parts[1], parts[2], List.copyOf(headers), raw);
        head.framing();
        if (parts[2].equals("HTTP/1.1") && head.header("host") == null) {
            throw new FrontError(400, "BadRequest", "Missing Host header").about(head);
        }
        try {
            new URI(parts[1]);
        } catch (URISyntaxException e) {
            throw new FrontError(400, "BadRequest", "Malformed request target: " + printable(e.getMessage())).about(head);
        }
        return head;
    }

    String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    String header(String lowerName) {
        for (String[] header : headers) {
            if (header[0].equals(lowerName)) {
                return header[1];
            }
        }
        return null;
    }

    /** The body's length: -1 when chunked, 0 when absent; refuses ambiguous framing. */
    long framing() throws FrontError {
        String encoding = null;
        String length = null;
        for (String[] header : headers) {
            if (header[0].equals("transfer-encoding")) {
                if (encoding != null || !header[1].equalsIgnoreCase("chunked")) {
                    throw new FrontError(501, "NotImplemented", "Transfer-Encoding " + printable(header[1]) + " is not supported");
                }
                encoding = header[1];
            } else if (header[0].equals("content-length")) {
                if (!DIGITS.matcher(header[1]).matches() || (length != null && !length.equals(header[1]))) {
                    throw new FrontError(400, "BadRequest", "Invalid Content-Length: " + printable(header[1]));
                }
                length = header[1];
            }
        }
        if (encoding != null && length != null) {
            throw new FrontError(400, "BadRequest", "A request must not carry both Content-Length and Transfer-Encoding");
        }
        return encoding != null ? -1 : length == null ? 0 : Long.parseLong(length);
    }

    boolean wantsClose() {
        String connection = header("connection");
        return version.equals("HTTP/1.0") ? !"keep-alive".equalsIgnoreCase(connection)
                : "close".equalsIgnoreCase(connection);
    }

    private static boolean containsControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Echoes client text in an error safely: printable ASCII only, at most 100 characters. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 100; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
