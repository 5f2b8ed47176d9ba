package dev.berth.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Switches the simulator's variations of AWS through {@code /_sim/variations}, as any client of a
 * running {@code berth sim} would; each call returns the switches as the simulator then reports them.
 */
public final class SimVariationsClient {
    /** How the endpoint is unreachable during an outage. */
    public enum Outage { REFUSE, RESET }

    /**
     * The variations that hold until switched off, for a test matrix to run a story under each; the
     * outage is a moment in time, which a test starts itself with {@link #outage}.
     */
    public enum Variation {
        EVENTS_WITHOUT_PROPERTIES(client -> client.eventsWithoutProperties(true)),
        NO_USER_INITIATED(client -> client.noUserInitiated(true)),
        SERVICE_UPDATE_NOT_APPLIED(client -> client.serviceUpdateNotApplied(true)),
        /** Longer than any sensible rollback grace at speed 1. */
        SLOW_CANCEL(client -> client.cancelDelay(Duration.ofMinutes(10)));

        private final java.util.function.Function<SimVariationsClient, JsonNode> switchOn;

        Variation(java.util.function.Function<SimVariationsClient, JsonNode> switchOn) {
            this.switchOn = switchOn;
        }

        /** Switches this variation on; returns the switches as the simulator then reports them. */
        public JsonNode switchOn(SimVariationsClient client) {
            return switchOn.apply(client);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI uri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SimVariationsClient(String endpoint) {
        this.uri = URI.create(endpoint + "/_sim/variations");
    }

    /** Stack events without ResourceProperties. */
    public JsonNode eventsWithoutProperties(boolean on) {
        return post(JSON.createObjectNode().put("eventsWithoutProperties", on));
    }

    /** No "User Initiated" reason on the stack's own events. */
    public JsonNode noUserInitiated(boolean on) {
        return post(JSON.createObjectNode().put("noUserInitiated", on));
    }

    /** CloudFormation completes service updates that ECS never applies. */
    public JsonNode serviceUpdateNotApplied(boolean on) {
        return post(JSON.createObjectNode().put("serviceUpdateNotApplied", on));
    }

    /** CancelUpdateStack's rollback starts only after {@code delay} of simulated time. */
    public JsonNode cancelDelay(Duration delay) {
        return post(JSON.createObjectNode().put("cancelDelaySeconds", delay.toMillis() / 1000.0));
    }

    /** The endpoint goes away for {@code window} (wall clock), starting a moment after this call answers. */
    public JsonNode outage(Duration window, Outage mode) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("outage").put("seconds", window.toMillis() / 1000.0)
                .put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        return post(body);
    }

    /** Any combination, as the endpoint's JSON. */
    public JsonNode set(ObjectNode body) {
        return post(body);
    }

    public JsonNode get() {
        return send(HttpRequest.newBuilder(uri).GET().build());
    }

    /** Every switch off. */
    public JsonNode reset() {
        return send(HttpRequest.newBuilder(uri).DELETE().build());
    }

    private JsonNode post(ObjectNode body) {
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode node = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new IllegalArgumentException("/_sim/variations answered " + response.statusCode() + ": "
                        + node.path("error").asText());
            }
            return node;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
