package dev.berth.sim.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.SimVariations;
import dev.berth.sim.http.PlainHttpFront;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /_sim/variations}: GET shows the switches, POST sets the ones given (the others keep their
 * values), DELETE switches them all off. A body is checked whole before anything changes.
 * <pre>
 * {"eventsWithoutProperties": true, "noUserInitiated": true, "serviceUpdateNotApplied": true,
 *  "cancelDelaySeconds": 120, "outage": {"seconds": 5, "mode": "refuse"}}
 * </pre>
 */
final class VariationsEndpoint {
    private static final Set<String> FIELDS = Set.of("eventsWithoutProperties", "noUserInitiated", "serviceUpdateNotApplied",
            "cancelDelaySeconds", "outage");
    private static final double MAX_OUTAGE_SECONDS = 600;

    private final ObjectMapper json;
    private final SimVariations variations;
    private final PlainHttpFront front;

    VariationsEndpoint(ObjectMapper json, SimVariations variations, PlainHttpFront front) {
        this.json = json;
        this.variations = variations;
        this.front = front;
    }

    JsonNode handle(String method, JsonNode body) {
        switch (method) {
            case "GET" -> { }
            case "DELETE" -> variations.update(SimVariations.Settings.NONE);
            case "POST", "PUT" -> apply(body);
            default -> throw new IllegalArgumentException("use GET, POST or DELETE on /_sim/variations, not " + method);
        }
        return show();
    }

    private void apply(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object with any of " + FIELDS);
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown variation '" + name + "'; expected any of " + FIELDS);
            }
        });
        SimVariations.Settings next = variations.settings();
        next = next.withEventsWithoutProperties(flag(body, "eventsWithoutProperties", next.eventsWithoutProperties()));
        next = next.withNoUserInitiated(flag(body, "noUserInitiated", next.noUserInitiated()));
        next = next.withServiceUpdateNotApplied(flag(body, "serviceUpdateNotApplied", next.serviceUpdateNotApplied()));
        if (body.has("cancelDelaySeconds")) {
            next = next.withCancelDelay(Duration.ofMillis(Math.round(seconds(body.get("cancelDelaySeconds"),
                    "cancelDelaySeconds", 6 * 3600) * 1000)));
        }
        Map.Entry<Duration, PlainHttpFront.OutageMode> outage = body.has("outage") ? outage(body.get("outage")) : null;
        // everything was valid: apply it all
        variations.update(next);
        if (outage != null) {
            front.startOutage(outage.getKey(), outage.getValue());
        }
    }

    private static boolean flag(JsonNode body, String name, boolean current) {
        JsonNode value = body.get(name);
        if (value == null) {
            return current;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(name + " must be true or false, got " + value);
        }
        return value.asBoolean();
    }

    private static double seconds(JsonNode value, String name, double max) {
        if (value == null || !value.isNumber() || value.asDouble() < 0 || value.asDouble() > max) {
            throw new IllegalArgumentException(name + " must be a number of seconds from 0 to " + (long) max + ", got " + value);
        }
        return value.asDouble();
    }

    private static Map.Entry<Duration, PlainHttpFront.OutageMode> outage(JsonNode outage) {
        if (!outage.isObject()) {
            throw new IllegalArgumentException("outage must be an object {\"seconds\": N, \"mode\": \"refuse\"|\"reset\"}, got " + outage);
        }
        outage.fieldNames().forEachRemaining(name -> {
            if (!name.equals("seconds") && !name.equals("mode")) {
                throw new IllegalArgumentException("unknown outage field '" + name + "'; expected seconds and mode");
            }
        });
        double seconds = seconds(outage.get("seconds"), "outage.seconds", MAX_OUTAGE_SECONDS);
        if (seconds == 0) {
            throw new IllegalArgumentException("outage.seconds must be more than 0");
        }
        String mode = outage.path("mode").asText("refuse");
        if (!mode.equals("refuse") && !mode.equals("reset")) {
            throw new IllegalArgumentException("outage.mode must be refuse or reset, got " + outage.get("mode"));
        }
        return Map.entry(Duration.ofMillis(Math.round(seconds * 1000)), PlainHttpFront.OutageMode.valueOf(mode.toUpperCase(Locale.ROOT)));
    }

    private JsonNode show() {
        SimVariations.Settings settings = variations.settings();
        ObjectNode node = json.createObjectNode();
        node.put("eventsWithoutProperties", settings.eventsWithoutProperties());
        node.put("noUserInitiated", settings.noUserInitiated());
        node.put("serviceUpdateNotApplied", settings.serviceUpdateNotApplied());
        node.put("cancelDelaySeconds", settings.cancelDelay().toMillis() / 1000.0);
        front.outage().ifPresentOrElse(outage -> node.putObject("outage")
                        .put("mode", outage.mode().name().toLowerCase(Locale.ROOT)).put("secondsLeft", outage.secondsLeft()),
                () -> node.putNull("outage"));
        return node;
    }
}
