package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/**
 * CloudFormation names properties in PascalCase where the ECS API uses camelCase
 * ({@code ContainerDefinitions} → {@code containerDefinitions}); maps of user keys, such as log
 * driver options and Docker labels, keep their keys. Values that a template writes as text (a
 * Ref to a Number parameter is a string) become the numbers and booleans the API expects, as
 * CloudFormation's resource schemas convert them.
 */
final class ApiShapes {
    private static final Set<String> USER_KEYED_MAPS = Set.of("Options", "DockerLabels", "DriverOpts", "Labels");
    private static final Map<String, String> RENAMED = Map.of("PlacementStrategies", "placementStrategy");
    private static final Set<String> INTEGERS = Set.of("desiredCount", "maximumPercent", "minimumHealthyPercent",
            "healthCheckGracePeriodSeconds", "containerPort", "hostPort", "memoryReservation", "interval", "retries",
            "startPeriod", "timeout", "weight", "base", "startTimeout", "stopTimeout", "softLimit", "hardLimit",
            "sizeInGiB");
    private static final Set<String> BOOLEANS = Set.of("essential", "enable", "rollback", "enableECSManagedTags",
            "enableExecuteCommand", "readonlyRootFilesystem", "privileged", "interactive", "pseudoTerminal",
            "disableNetworking", "initProcessEnabled", "readOnly");
    /** Inside a container definition cpu and memory are integers; on the task definition they are text. */
    private static final Set<String> CONTAINER_INTEGERS = Set.of("cpu", "memory");

    private ApiShapes() {
    }

    static JsonNode camelCase(JsonNode node) {
        return camelCase(node, false);
    }

    private static JsonNode camelCase(JsonNode node, boolean inContainer) {
        if (node == null) {
            return null;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> array.add(camelCase(item, inContainer)));
            return array;
        }
        if (!node.isObject()) {
            return node.deepCopy();
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            String name = RENAMED.getOrDefault(key, key.isEmpty() ? key : Character.toLowerCase(key.charAt(0)) + key.substring(1));
            JsonNode value = field.getValue();
            if (USER_KEYED_MAPS.contains(key)) {
                object.set(name, value.deepCopy());
            } else if (INTEGERS.contains(name) || inContainer && CONTAINER_INTEGERS.contains(name)) {
                object.set(name, integer(value));
            } else if (BOOLEANS.contains(name)) {
                object.set(name, bool(value));
            } else if (("cpu".equals(name) || "memory".equals(name)) && value.isNumber()) {
                object.put(name, value.asText());
            } else {
                object.set(name, camelCase(value, inContainer || "ContainerDefinitions".equals(key)));
            }
        }
        return object;
    }

    private static JsonNode integer(JsonNode value) {
        if (value.isTextual() && value.asText().matches("-?\\d+")) {
            return JsonNodeFactory.instance.numberNode(Long.parseLong(value.asText()));
        }
        return value.deepCopy();
    }

    private static JsonNode bool(JsonNode value) {
        if (value.isTextual() && ("true".equalsIgnoreCase(value.asText()) || "false".equalsIgnoreCase(value.asText()))) {
            return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value.asText()));
        }
        return value.deepCopy();
    }
}
