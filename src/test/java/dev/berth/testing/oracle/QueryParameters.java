package dev.berth.testing.oracle;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks an awsQuery request (form parameters such as {@code Parameters.member.1.ParameterKey})
 * against the operation's input shape, the way botocore's query serializer writes them.
 */
final class QueryParameters {
    private final JsonNode shapes;
    private final ShapeChecker checker;
    private final List<String> violations;

    QueryParameters(JsonNode shapes, ShapeChecker checker, List<String> violations) {
        this.shapes = shapes;
        this.checker = checker;
        this.violations = violations;
    }

    /** The form's parameters other than Action and Version, as a tree of their dotted names. */
    static Map<String, Object> tree(String form) {
        Map<String, Object> root = new TreeMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (key.equals("Action") || key.equals("Version")) {
                continue;
            }
            put(root, key.split("\\."), 0, value);
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> node, String[] parts, int at, String value) {
        if (at == parts.length - 1) {
            node.put(parts[at], value);
            return;
        }
        Object child = node.get(parts[at]);
        if (!(child instanceof Map)) {
            child = new TreeMap<String, Object>();
            node.put(parts[at], child);
        }
        put((Map<String, Object>) child, parts, at + 1, value);
    }

    @SuppressWarnings("unchecked")
    void check(Object value, String shapeName, String path) {
        JsonNode shape = shapes.path(shapeName);
        String type = shape.path("type").asText();
        if (value instanceof String text) {
            if (type.equals("list") || type.equals("map")) {
                if (!text.isEmpty()) {
                    violations.add(path + ": a " + type + " (" + shapeName + ") given as the value '" + text + "'");
                }
            } else if (type.equals("structure")) {
                violations.add(path + ": a structure (" + shapeName + ") given as the value '" + text + "'");
            } else {
                checker.text(text, shapeName, path);
            }
            return;
        }
        Map<String, Object> node = (Map<String, Object>) value;
        switch (type) {
            case "structure" -> {
                JsonNode members = shape.path("members");
                for (Map.Entry<String, Object> field : node.entrySet()) {
                    JsonNode member = members.path(field.getKey());
                    if (member.isMissingNode()) {
                        violations.add(path + "." + field.getKey() + ": unknown member of " + shapeName);
                    } else {
                        check(field.getValue(), member.path("shape").asText(), path + "." + field.getKey());
                    }
                }
                for (JsonNode required : shape.path("required")) {
                    if (!node.containsKey(required.asText())) {
                        violations.add(path + ": required member " + required.asText() + " of " + shapeName + " is missing");
                    }
                }
            }
            case "list" -> {
                Object items = shape.path("flattened").asBoolean() ? node : node.get("member");
                if (!(items instanceof Map) || node.size() != 1 && !shape.path("flattened").asBoolean()) {
                    violations.add(path + ": a list (" + shapeName + ") is sent as " + path + ".member.N, got " + node.keySet());
                    return;
                }
                for (Map.Entry<String, Object> item : ((Map<String, Object>) items).entrySet()) {
                    if (!item.getKey().matches("[1-9][0-9]*")) {
                        violations.add(path + ".member." + item.getKey() + ": list index must be a number from 1");
                    }
                    check(item.getValue(), shape.path("member").path("shape").asText(), path + "[" + item.getKey() + "]");
                }
            }
            case "map" -> {
                Object entries = node.get("entry");
                if (!(entries instanceof Map)) {
                    violations.add(path + ": a map (" + shapeName + ") is sent as " + path + ".entry.N.key/value");
                    return;
                }
                for (Object entry : ((Map<String, Object>) entries).values()) {
                    if (entry instanceof Map<?, ?> pair) {
                        check(pair.get("key") == null ? "" : pair.get("key"), shape.path("key").path("shape").asText(), path + "{key}");
                        check(pair.get("value") == null ? "" : pair.get("value"), shape.path("value").path("shape").asText(),
                                path + "{value}");
                    }
                }
            }
            default -> violations.add(path + ": a " + type + " (" + shapeName + ") given as nested parameters "
                    + new ArrayList<>(node.keySet()));
        }
    }
}
