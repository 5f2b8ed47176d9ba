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
 * driver options and Docker labels, keep their keys.
 */
final class ApiShapes {
    private static final Set<String> USER_KEYED_MAPS = Set.of("Options", "DockerLabels", "DriverOpts", "Labels");
    private static final Map<String, String> RENAMED = Map.of("PlacementStrategies", "placementStrategy");

    private ApiShapes() {
    }

    static JsonNode camelCase(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> array.add(camelCase(item)));
            return array;
        }
        if (!node.isObject()) {
            return node.deepCopy();
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            String name = RENAMED.getOrDefault(key, key.isEmpty() ? key : Character.toLowerCase(key.charAt(0)) + key.substring(1));
            object.set(name, USER_KEYED_MAPS.contains(key) ? field.getValue().deepCopy() : camelCase(field.getValue()));
        }
        return object;
    }
}
