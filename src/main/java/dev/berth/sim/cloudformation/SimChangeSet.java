package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.cfn.Template;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A change set: what would change, computed shortly after it is created, and whether it may run. */
final class SimChangeSet {
    final String id;
    final String name;
    final String stackId;
    final String type;
    final Instant creationTime;
    final Template template;
    final Map<String, String> parameters;
    final List<Map.Entry<String, String>> tags;
    final List<String> capabilities;
    final String description;
    final String clientToken;
    String status = "CREATE_PENDING";
    String executionStatus = "UNAVAILABLE";
    String statusReason;
    ArrayNode changes;
    Instant readyAt;
    /** SSM-typed parameters' values, read when the change set was created. */
    Map<String, String> resolvedValues = Map.of();

    SimChangeSet(String id, String name, String stackId, String type, Instant creationTime, Template template,
                 Map<String, String> parameters, List<Map.Entry<String, String>> tags, List<String> capabilities,
                 String description, String clientToken) {
        this.id = id;
        this.name = name;
        this.stackId = stackId;
        this.type = type;
        this.creationTime = creationTime;
        this.template = template;
        this.parameters = parameters;
        this.tags = tags;
        this.capabilities = capabilities;
        this.description = description;
        this.clientToken = clientToken;
    }
}
