package dev.berth.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Receives every AWS API call, applies the injected API faults, and hands the call to the service
 * named by its protocol: {@code X-Amz-Target} for awsJson1_1, the SigV4 signing name for awsQuery,
 * the path for Smithy RPC v2 CBOR.
 */
public final class AwsRouter implements HttpHandler {
    private static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

    private final ObjectMapper json;
    private final Map<String, AwsJsonService> jsonServices = new HashMap<>();
    private final Map<String, AwsQueryService> queryServices = new HashMap<>();
    private final Map<String, AwsRestService> restServices = new HashMap<>();
    private final ApiFaults faults;
    private final ApiCounters counters;
    private final String accountId;
    private final String defaultRegion;
    private final SessionCredentials sessions;
    private volatile ApiExchange.Recorder recorder = ApiExchange.Recorder.NONE;

    public AwsRouter(ObjectMapper json, ApiFaults faults, ApiCounters counters, String accountId, String defaultRegion,
                     SessionCredentials sessions) {
        this.sessions = sessions;
        this.json = json;
        this.faults = faults;
        this.counters = counters;
        this.accountId = accountId;
        this.defaultRegion = defaultRegion;
    }

    /** Every exchange from now on is handed to {@code recorder} as well. */
    public void recordTo(ApiExchange.Recorder recorder) {
        this.recorder = recorder == null ? ApiExchange.Recorder.NONE : recorder;
    }

    public void register(AwsJsonService service) {
        jsonServices.put(service.targetPrefix(), service);
    }

    public void register(AwsQueryService service) {
        queryServices.put(service.signingName(), service);
    }

    public void register(AwsRestService service) {
        restServices.put(service.signingName(), service);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readAll(exchange.getRequestBody());
            String requestId = UUID.randomUUID().toString();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            // REST services (S3) share the paths of every other call: their SigV4 scope tells them apart
            AwsRestService rest = SigV4Scope.parse(exchange.getRequestHeaders().getFirst("Authorization"))
                    .map(scope -> restServices.get(scope.service())).orElse(null);
            if (rest != null) {
                RestCalls.handle(this, exchange, rest, body, requestId);
            } else if ("POST".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().startsWith("/service/")) {
                handleCbor(exchange, exchange.getRequestURI().getPath(), body, requestId);
            } else if (target != null && "POST".equals(exchange.getRequestMethod())) {
                handleJson(exchange, target, body, requestId);
            } else if ("POST".equals(exchange.getRequestMethod()) && contentType.startsWith("application/x-www-form-urlencoded")) {
                handleQuery(exchange, utf8(body), requestId);
            } else {
                sendJsonError(exchange, requestId, AwsException.client("UnknownOperationException",
                        "The simulator serves AWS API calls as POST with X-Amz-Target or a form, and S3 calls signed for s3; got "
                                + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()));
            }
        }
    }

    private void handleJson(HttpExchange exchange, String target, byte[] body, String requestId) throws IOException {
        int dot = target.lastIndexOf('.');
        AwsJsonService service = dot < 0 ? null : jsonServices.get(target.substring(0, dot));
        if (service == null) {
            sendJsonError(exchange, requestId, AwsException.client("UnknownOperationException",
                    "Unknown target " + target));
            return;
        }
        String operation = target.substring(dot + 1);
        Call call = new Call(ApiExchange.Protocol.JSON, service.signingName(), operation, body);
        counters.call(service.signingName(), operation);
        try {
            RequestContext context = context(exchange, service.signingName(), requestId);
            boolean reset = applyFaults(service.signingName(), operation);
            ObjectNode input = parseJsonInput(body);
            JsonNode output = service.handle(operation, input, context);
            if (service.isMutating(operation)) {
                counters.mutated(service.signingName(), operation);
            }
            byte[] answer = json.writeValueAsBytes(output);
            record(call, 200, answer);
            if (reset) {
                sendHalfAndReset(exchange, requestId, JSON_CONTENT_TYPE, answer);
                return;
            }
            send(exchange, 200, requestId, JSON_CONTENT_TYPE, answer);
        } catch (AwsException e) {
            countUnknown(service.signingName(), operation, e);
            sendJsonError(exchange, requestId, e, call);
        } catch (RuntimeException e) {
            sendJsonError(exchange, requestId, new AwsException(500, "InternalFailure",
                    "The simulator failed on " + operation + ": " + e), call);
        }
    }

    /**
     * Smithy RPC v2 CBOR: {@code POST /service/<service>/operation/<operation>}, CBOR in and out,
     * errors with {@code __type} and, for services compatible with the query protocol, the query
     * error code in {@code x-amzn-query-error}.
     */
    private void handleCbor(HttpExchange exchange, String path, byte[] body, String requestId) throws IOException {
        exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
        String[] parts = path.split("/");
        AwsJsonService service = parts.length == 5 && "operation".equals(parts[3]) ? jsonServices.get(parts[2]) : null;
        if (service == null) {
            sendCborError(exchange, requestId, AwsException.client("UnknownOperationException", "Unknown operation " + path), null);
            return;
        }
        String operation = parts[4];
        Call call = new Call(ApiExchange.Protocol.CBOR, service.signingName(), operation, body);
        counters.call(service.signingName(), operation);
        try {
            RequestContext context = context(exchange, service.signingName(), requestId);
            boolean reset = applyFaults(service.signingName(), operation);
            JsonNode parsed = body.length == 0 ? json.createObjectNode() : CborCodec.read(body);
            if (!(parsed instanceof ObjectNode input)) {
                throw AwsException.client("SerializationException", "Request body must be a CBOR map");
            }
            JsonNode output = service.handle(operation, input, context);
            if (service.isMutating(operation)) {
                counters.mutated(service.signingName(), operation);
            }
            byte[] answer = CborCodec.write(output);
            record(call, 200, answer);
            if (reset) {
                sendHalfAndReset(exchange, requestId, "application/cbor", answer);
                return;
            }
            send(exchange, 200, requestId, "application/cbor", answer);
        } catch (AwsException e) {
            countUnknown(service.signingName(), operation, e);
            sendCborError(exchange, requestId, e, call);
        } catch (IOException e) {
            sendCborError(exchange, requestId, AwsException.client("SerializationException",
                    "Request body is not valid CBOR: " + e.getMessage()), call);
        } catch (RuntimeException e) {
            sendCborError(exchange, requestId, new AwsException(500, "InternalFailure",
                    "The simulator failed on " + operation + ": " + e), call);
        }
    }

    private void sendCborError(HttpExchange exchange, String requestId, AwsException e, Call call) throws IOException {
        ObjectNode error = json.createObjectNode();
        error.put("__type", e.code());
        error.put("message", e.getMessage());
        byte[] bytes = CborCodec.write(error);
        if (call != null) {
            record(call, e.status(), bytes);
        }
        exchange.getResponseHeaders().add("x-amzn-query-error", e.code() + ";" + (e.senderFault() ? "Sender" : "Receiver"));
        send(exchange, e.status(), requestId, "application/cbor", bytes);
    }

    private void handleQuery(HttpExchange exchange, String body, String requestId) throws IOException {
        Optional<SigV4Scope> scope = SigV4Scope.parse(exchange.getRequestHeaders().getFirst("Authorization"));
        AwsQueryService service = scope.map(s -> queryServices.get(s.service())).orElse(null);
        if (service == null) {
            String named = scope.map(SigV4Scope::service).orElse("(unsigned)");
            sendXml(exchange, scope.isEmpty() ? 403 : 400, requestId, QueryXml.error("https://berth.dev/sim/",
                    AwsException.client(scope.isEmpty() ? "MissingAuthenticationToken" : "UnknownService",
                            scope.isEmpty() ? "Missing Authentication Token" : "The simulator does not serve " + named),
                    requestId));
            return;
        }
        QueryInput input;
        try {
            input = QueryInput.parse(body, "ValidationError");
        } catch (IllegalArgumentException e) {
            // AWS's common errors give MalformedQueryString the status 404
            sendXml(exchange, 404, requestId, QueryXml.error(service.xmlNamespace(), new AwsException(404,
                    "MalformedQueryString", "The query string contains a syntax error: " + e.getMessage()), requestId));
            return;
        }
        String action = input.string("Action");
        if (action == null) {
            sendXml(exchange, 400, requestId, QueryXml.error(service.xmlNamespace(),
                    AwsException.client("MissingAction", "Missing Action"), requestId));
            return;
        }
        counters.call(service.signingName(), action);
        Call call = new Call(ApiExchange.Protocol.QUERY, service.signingName(), action, body.getBytes(StandardCharsets.UTF_8));
        try {
            RequestContext context = context(exchange, service.signingName(), requestId);
            boolean reset = applyFaults(service.signingName(), action);
            ObjectNode result = service.handle(action, input, context);
            if (service.isMutating(action)) {
                counters.mutated(service.signingName(), action);
            }
            String answer = QueryXml.response(action, service.xmlNamespace(), result, requestId);
            if (reset) {
                record(call, 200, answer.getBytes(StandardCharsets.UTF_8));
                sendHalfAndReset(exchange, requestId, "text/xml", answer.getBytes(StandardCharsets.UTF_8));
                return;
            }
            sendXml(exchange, 200, requestId, answer, call);
        } catch (AwsException e) {
            countUnknown(service.signingName(), action, e);
            sendXml(exchange, e.status(), requestId, QueryXml.error(service.xmlNamespace(), e, requestId), call);
        } catch (RuntimeException e) {
            sendXml(exchange, 500, requestId, QueryXml.error(service.xmlNamespace(),
                    new AwsException(500, "InternalFailure", "The simulator failed on " + action + ": " + e), requestId),
                    call);
        }
    }

    private void countUnknown(String service, String operation, AwsException e) {
        if (e.code().equals("UnknownOperationException") || e.code().equals("InvalidAction")) {
            counters.unknown(service, operation);
        }
    }

    private static void sendXml(HttpExchange exchange, int status, String requestId, String xml) throws IOException {
        send(exchange, status, requestId, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private void sendXml(HttpExchange exchange, int status, String requestId, String xml, Call call) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        record(call, status, bytes);
        send(exchange, status, requestId, "text/xml", bytes);
    }

    /** The call an answer belongs to, for the recorder. */
    private record Call(ApiExchange.Protocol protocol, String signingName, String operation, byte[] requestBody) {
    }

    private void record(Call call, int status, byte[] answer) {
        recorder.record(new ApiExchange(call.protocol(), call.signingName(), call.operation(), call.requestBody(), status,
                answer));
    }

    /** Records a REST call's answer (named by the service) for the model checks. */
    void recordRest(String signingName, String operation, byte[] requestBody, int status, byte[] answer) {
        record(new Call(ApiExchange.Protocol.REST_XML, signingName, operation, requestBody), status, answer);
    }

    ApiCounters counters() {
        return counters;
    }

    RequestContext context(HttpExchange exchange, String signingName, String requestId) {
        Optional<SigV4Scope> scope = SigV4Scope.parse(exchange.getRequestHeaders().getFirst("Authorization"));
        if (scope.isEmpty()) {
            throw new AwsException(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (sessions.expired(scope.get().accessKeyId())) {
            counters.injected("expired-token");
            throw AwsException.client(isQuery(signingName) ? "ExpiredToken" : "ExpiredTokenException",
                    "The security token included in the request is expired");
        }
        String region = scope.get().region().isBlank() ? defaultRegion : scope.get().region();
        return new RequestContext(region, signingName, accountId, requestId, scope.get().accessKeyId());
    }

    /** Applies the faults drawn for this call; returns whether its answer is to be cut off mid-response. */
    boolean applyFaults(String service, String operation) {
        try {
            faults.delay();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException(503, "ServiceUnavailableException", "The simulator is shutting down");
        }
        switch (faults.decide(operation)) {
            case THROTTLE -> {
                counters.injected("throttle");
                if (restServices.containsKey(service)) {
                    throw new AwsException(503, "SlowDown", "Please reduce your request rate.");
                }
                throw AwsException.client(isQuery(service) ? "Throttling" : "ThrottlingException", "Rate exceeded");
            }
            case SERVER_ERROR -> {
                counters.injected("server-error");
                throw new AwsException(500, "ecs".equals(service) ? "ServerException"
                        : restServices.containsKey(service) ? "InternalError" : "InternalFailure",
                        "We encountered an internal error. Please try again.");
            }
            case RESET -> {
                counters.injected("reset");
                return true;
            }
            case PASS -> { }
        }
        return false;
    }

    /**
     * The call was carried out, but the connection breaks mid-answer: the client has half a
     * response and must retry, with the same client token if it is to avoid acting twice.
     */
    static void sendHalfAndReset(HttpExchange exchange, String requestId, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        // an exception out of the handler makes the HTTP server close the connection under the client
        throw new IOException("connection reset mid-answer, as asked by the reset fault");
    }

    private boolean isQuery(String signingName) {
        return queryServices.containsKey(signingName);
    }

    private ObjectNode parseJsonInput(byte[] body) {
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw AwsException.client("SerializationException", "Request body is not valid JSON: " + e.getMessage());
        }
        throw AwsException.client("SerializationException", "Request body must be a JSON object");
    }

    private void sendJsonError(HttpExchange exchange, String requestId, AwsException e) throws IOException {
        sendJsonError(exchange, requestId, e, null);
    }

    private void sendJsonError(HttpExchange exchange, String requestId, AwsException e, Call call) throws IOException {
        ObjectNode error = json.createObjectNode();
        error.put("__type", e.code());
        error.put("message", e.getMessage());
        byte[] bytes = json.writeValueAsBytes(error);
        if (call != null) {
            record(call, e.status(), bytes);
        }
        exchange.getResponseHeaders().add("x-amzn-ErrorType", e.code());
        send(exchange, e.status(), requestId, JSON_CONTENT_TYPE, bytes);
    }

    static void send(HttpExchange exchange, int status, String requestId, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
