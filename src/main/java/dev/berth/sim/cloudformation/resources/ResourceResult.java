package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** How a resource operation ended: the physical id and attributes it left, or why it failed. */
public record ResourceResult(boolean succeeded, String physicalId, Map<String, JsonNode> attributes, String reason) {
    public static ResourceResult done(String physicalId, Map<String, JsonNode> attributes) {
        return new ResourceResult(true, physicalId, Map.copyOf(attributes), null);
    }

    public static ResourceResult failed(String reason) {
        return new ResourceResult(false, null, Map.of(), reason);
    }
}
