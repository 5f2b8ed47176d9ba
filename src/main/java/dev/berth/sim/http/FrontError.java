package dev.berth.sim.http;

import java.nio.charset.StandardCharsets;

/**
 * A request the simulator's port refuses before any service sees it (malformed head, too large,
 * too slow), answered in the shape of the protocol the request was meant for: the distribution
 * API's error JSON under {@code /v2/}, awsJson1_1 when it names an {@code X-Amz-Target}, else awsQuery XML.
 */
final class FrontError extends Exception {
    final int status;
    final String code;
    private final transient RequestHead about;

    FrontError(int status, String code, String message) {
        this(status, code, message, null);
    }

    private FrontError(int status, String code, String message, RequestHead about) {
        super(message);
        this.status = status;
        this.code = code;
        this.about = about;
    }

    /** The same error about a request whose head was read, so that it is answered in that request's protocol. */
    FrontError about(RequestHead head) {
        return new FrontError(status, code, getMessage(), head);
    }

    /** The whole HTTP response, closing the connection; {@code head} is null when the head could not be read. */
    byte[] response(RequestHead known) {
        RequestHead head = known != null ? known : about;
        String body;
        String type;
        if (head != null && (head.path().startsWith("/v2/") || head.path().equals("/v2"))) {
            type = "application/json";
            body = "{\"errors\":[{\"code\":\"" + registryCode() + "\",\"message\":\"" + jsonText(getMessage()) + "\"}]}";
        } else if (head != null && head.header("x-amz-target") != null) {
            type = "application/x-amz-json-1.1";
            body = "{\"__type\":\"" + code + "\",\"message\":\"" + jsonText(getMessage()) + "\"}";
        } else {
            type = "text/xml";
            body = QueryXml.error("https://berth.dev/sim/", new AwsException(status, code, getMessage()), "00000000-0000-0000-0000-000000000000");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String headers = "HTTP/1.1 " + status + " " + reason() + "\r\n"
                + "Content-Type: " + type + "\r\n"
                + "x-amzn-ErrorType: " + code + "\r\n"
                + "Content-Length: " + bytes.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] head1 = headers.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head1.length + bytes.length];
        System.arraycopy(head1, 0, all, 0, head1.length);
        System.arraycopy(bytes, 0, all, head1.length, bytes.length);
        return all;
    }

    private String registryCode() {
        return status == 413 ? "SIZE_INVALID" : "UNSUPPORTED";
    }

    private String reason() {
        return switch (status) {
            case 400 -> "Bad Request";
            case 408 -> "Request Timeout";
            case 411 -> "Length Required";
            case 413 -> "Payload Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Error";
        };
    }

    private static String jsonText(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
