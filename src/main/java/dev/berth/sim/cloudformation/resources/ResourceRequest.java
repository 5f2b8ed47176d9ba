package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;

/** What a stack asks of a resource provider: the resource's resolved properties, and where it lives. */
public record ResourceRequest(String region, String accountId, String stackName, String stackId, String logicalId,
                              String type, JsonNode properties) {
}
