package dev.berth.sim.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Carries one REST call (S3) through the router: names its operation, counts it, applies the
 * injected faults, and writes the answer with the service's headers. A HEAD answer carries its
 * headers (Content-Length included) and no body, as HTTP requires.
 */
final class RestCalls {
    private RestCalls() {
    }

    static void handle(AwsRouter router, HttpExchange exchange, AwsRestService service, byte[] body, String requestId)
            throws IOException {
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        String operation = null;
        try {
            RestRequest request = request(exchange, body);
            operation = service.operation(request);
            router.counters().call(service.signingName(), operation);
            RequestContext context = router.context(exchange, service.signingName(), requestId);
            boolean reset = router.applyFaults(service.signingName(), operation);
            RestAnswer answer = service.handle(operation, request, context);
            if (service.isMutating(operation)) {
                router.counters().mutated(service.signingName(), operation);
            }
            router.recordRest(service.signingName(), operation, body, answer.status(), answer.body());
            if (reset) {
                AwsRouter.sendHalfAndReset(exchange, requestId, answer.headers().getOrDefault("Content-Type", "application/xml"),
                        answer.body());
                return;
            }
            send(exchange, requestId, answer, head);
        } catch (AwsException e) {
            fail(router, exchange, service, body, requestId, head, operation, e);
        } catch (RuntimeException e) {
            fail(router, exchange, service, body, requestId, head, operation,
                    new AwsException(500, "InternalError", "The simulator failed on " + operation + ": " + e));
        }
    }

    private static void fail(AwsRouter router, HttpExchange exchange, AwsRestService service, byte[] body, String requestId,
                             boolean head, String operation, AwsException e) throws IOException {
        RestAnswer answer = service.error(e, requestId, head);
        if (operation != null) {
            router.recordRest(service.signingName(), operation, body, answer.status(), answer.body());
        }
        send(exchange, requestId, answer, head);
    }

    private static RestRequest request(HttpExchange exchange, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!header.getValue().isEmpty()) {
                headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue().get(0));
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decodeQuery(eq < 0 ? pair : pair.substring(0, eq), true);
                String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1), true);
                query.putIfAbsent(name, value);
            }
        }
        String path = exchange.getRequestURI().getRawPath();
        return new RestRequest(exchange.getRequestMethod(), path == null ? "/" : path, query, headers,
                exchange.getRequestHeaders().getFirst("Host"), body);
    }

    private static String decodeQuery(String raw, boolean query) {
        try {
            return PercentDecoding.decode(raw, query);
        } catch (IllegalArgumentException e) {
            throw AwsException.client("InvalidURI", "Couldn't parse the specified URI.");
        }
    }

    private static void send(HttpExchange exchange, String requestId, RestAnswer answer, boolean head) throws IOException {
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("x-amz-request-id", requestId);
        exchange.getResponseHeaders().add("x-amz-id-2", java.util.Base64.getEncoder()
                .encodeToString(requestId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        byte[] body = answer.body();
        boolean none = head || body.length == 0 || answer.status() == 204;
        exchange.sendResponseHeaders(answer.status(), none ? -1 : body.length);
        if (!none) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
