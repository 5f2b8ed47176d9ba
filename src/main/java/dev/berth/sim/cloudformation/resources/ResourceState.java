package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** A resource as it exists: its physical id, the properties it was made with, and its attributes. */
public record ResourceState(String region, String logicalId, String type, String physicalId, JsonNode properties,
                            Map<String, JsonNode> attributes) {
}
