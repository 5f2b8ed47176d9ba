package dev.berth.sim.elbv2;

import com.fasterxml.jackson.databind.JsonNode;

/** A listener rule: priority, conditions and actions as given. */
record SimRule(String arn, String listenerArn, String priority, JsonNode conditions, JsonNode actions) {
}
