package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/** A resource of a stack: what the template declared, what was made, and its status. */
final class SimStackResource {
    final String logicalId;
    String type;
    String physicalId;
    JsonNode properties;
    Map<String, JsonNode> attributes = Map.of();
    String status;
    String statusReason;
    Instant lastUpdated;
    JsonNode metadata;

    SimStackResource(String logicalId, String type) {
        this.logicalId = logicalId;
        this.type = type;
    }

    /** What the resource was before an operation changed it, for a rollback to restore. */
    Snapshot snapshot() {
        return new Snapshot(type, physicalId, properties, attributes);
    }

    void restore(Snapshot snapshot) {
        type = snapshot.type();
        physicalId = snapshot.physicalId();
        properties = snapshot.properties();
        attributes = snapshot.attributes();
    }

    record Snapshot(String type, String physicalId, JsonNode properties, Map<String, JsonNode> attributes) {
    }
}
