package dev.berth.sim.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.berth.sim.SimServer;
import dev.berth.sim.ecs.ImageBehaviour;
import dev.berth.sim.ecs.RolloutRecord;
import dev.berth.sim.http.ApiFaults;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;

/**
 * The simulator's own endpoints, never part of any AWS API:
 * <ul>
 *   <li>{@code GET /_sim/health}: ready, with endpoint, speed and seed</li>
 *   <li>{@code GET|POST|DELETE /_sim/faults}: API faults ({@code api}: throttleRate, serverErrorRate,
 *       latencyMillis) and image faults ({@code images}: image reference → crash, unhealthy, slow, nopull, alarm, normal)</li>
 *   <li>{@code GET|DELETE /_sim/counters}: calls received per operation, mutations carried out, faults injected</li>
 *   <li>{@code GET /_sim/rollouts}: when each deployment completed or failed, simulated and wall-clock</li>
 *   <li>{@code GET|POST|DELETE /_sim/variations}: how AWS varies ({@link VariationsEndpoint})</li>
 * </ul>
 */
public final class AdminHandler implements HttpHandler {
    private final ObjectMapper json;
    private final SimServer server;

    public AdminHandler(ObjectMapper json, SimServer server) {
        this.json = json;
        this.server = server;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            try {
                JsonNode body = switch (path) {
                    case "/_sim/health" -> health();
                    case "/_sim/faults" -> faults(method, exchange);
                    case "/_sim/counters" -> counters(method);
                    case "/_sim/rollouts" -> rollouts();
                    case "/_sim/variations" -> new VariationsEndpoint(json, server.variations(), server.front())
                            .handle(method, "POST".equals(method) || "PUT".equals(method) ? readJson(exchange) : null);
                    default -> null;
                };
                if (body == null) {
                    send(exchange, 404, error("no such simulator endpoint: " + method + " " + path));
                } else {
                    send(exchange, 200, body);
                }
            } catch (IllegalArgumentException e) {
                send(exchange, 400, error(e.getMessage()));
            }
        }
    }

    private JsonNode health() {
        ObjectNode node = json.createObjectNode();
        node.put("status", "ready");
        node.put("endpoint", server.endpoint().toString());
        node.put("region", server.config().region());
        node.put("speed", server.config().speed());
        node.put("seed", server.config().seed());
        return node;
    }

    private JsonNode faults(String method, HttpExchange exchange) throws IOException {
        switch (method) {
            case "GET" -> { }
            case "DELETE" -> {
                server.apiFaults().update(ApiFaults.Settings.NONE);
                server.ecs().imageFaults().clear();
            }
            case "POST", "PUT" -> applyFaults(exchange);
            default -> throw new IllegalArgumentException("use GET, POST or DELETE on /_sim/faults, not " + method);
        }
        ObjectNode node = json.createObjectNode();
        ApiFaults.Settings api = server.apiFaults().settings();
        node.putObject("api")
                .put("throttleRate", api.throttleRate())
                .put("serverErrorRate", api.serverErrorRate())
                .put("latencyMillis", api.latencyMillis());
        ObjectNode images = node.putObject("images");
        server.ecs().imageFaults().overrides().forEach((image, behaviour) -> images.put(image, behaviour.suffix()));
        return node;
    }

    private void applyFaults(HttpExchange exchange) throws IOException {
        JsonNode body;
        try {
            body = json.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            throw new IllegalArgumentException("body must be JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object with 'api' and/or 'images'");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("api") && !name.equals("images")) {
                throw new IllegalArgumentException("unknown field '" + name + "'; expected 'api' or 'images'");
            }
        }
        ApiFaults.Settings next = server.apiFaults().settings();
        JsonNode api = body.get("api");
        if (api != null) {
            for (Iterator<String> names = api.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Map.of("throttleRate", 0, "serverErrorRate", 0, "latencyMillis", 0, "resetRate", 0).containsKey(name)) {
                    throw new IllegalArgumentException("unknown api fault '" + name
                            + "'; expected throttleRate, serverErrorRate, resetRate or latencyMillis");
                }
            }
            next = new ApiFaults.Settings(api.path("throttleRate").asDouble(next.throttleRate()),
                    api.path("serverErrorRate").asDouble(next.serverErrorRate()),
                    api.path("latencyMillis").asLong(next.latencyMillis()),
                    api.path("resetRate").asDouble(next.resetRate()));
        }
        JsonNode images = body.get("images");
        Map<String, ImageBehaviour> behaviours = new java.util.LinkedHashMap<>();
        if (images != null) {
            for (Map.Entry<String, JsonNode> field : images.properties()) {
                behaviours.put(field.getKey(), ImageBehaviour.parse(field.getValue().asText()));
            }
        }
        // everything was valid: apply it all
        behaviours.forEach(server.ecs().imageFaults()::set);
        server.apiFaults().update(next);
    }

    private JsonNode readJson(HttpExchange exchange) throws IOException {
        try {
            return json.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            throw new IllegalArgumentException("body must be JSON: " + e.getMessage());
        }
    }

    private JsonNode counters(String method) {
        if ("DELETE".equals(method)) {
            server.counters().reset();
        } else if (!"GET".equals(method)) {
            throw new IllegalArgumentException("use GET or DELETE on /_sim/counters, not " + method);
        }
        ObjectNode node = json.createObjectNode();
        node.set("received", json.valueToTree(server.counters().received()));
        node.set("mutations", json.valueToTree(server.counters().mutations()));
        node.set("injected", json.valueToTree(server.counters().injected()));
        node.putObject("registry").put("blobBytesReceived", server.registry().blobBytesReceived())
                .put("blobsReceived", server.registry().blobsReceived());
        return node;
    }

    private JsonNode rollouts() {
        ArrayNode list = json.createArrayNode();
        for (RolloutRecord record : server.ecs().rollouts()) {
            list.add(json.valueToTree(record));
        }
        return json.createObjectNode().set("rollouts", list);
    }

    private ObjectNode error(String message) {
        return json.createObjectNode().put("error", message);
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
