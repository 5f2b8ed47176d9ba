package dev.berth.sim.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of an awsQuery request. Lists arrive flattened as {@code Name.member.N[.Field]}
 * and maps as {@code Name.entry.N.key/value}; this reads them back into lists and maps.
 */
public final class QueryInput {
    private final Map<String, String> values;
    private final String invalidCode;

    public QueryInput(Map<String, String> values, String invalidCode) {
        this.values = values;
        this.invalidCode = invalidCode;
    }

    public static QueryInput parse(String body, String invalidCode) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.put(key, value);
            }
        }
        return new QueryInput(values, invalidCode);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    public String string(String name) {
        return values.get(name);
    }

    public String string(String name, String fallback) {
        String value = values.get(name);
        return value == null ? fallback : value;
    }

    public String required(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw AwsException.client(invalidCode, "1 validation error detected: Value null at '"
                    + Character.toLowerCase(name.charAt(0)) + name.substring(1) + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    public boolean bool(String name, boolean fallback) {
        String value = values.get(name);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }

    public Integer integer(String name) {
        String value = values.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw AwsException.client(invalidCode, "Invalid value for " + name + ": " + value);
        }
    }

    public boolean has(String name) {
        return values.containsKey(name) || values.keySet().stream().anyMatch(k -> k.startsWith(name + "."));
    }

    /** {@code Name.member.N} values in order. */
    public List<String> strings(String name) {
        TreeMap<Integer, String> ordered = new TreeMap<>();
        String prefix = name + ".member.";
        values.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.indexOf('.', prefix.length()) < 0) {
                ordered.put(index(key.substring(prefix.length())), value);
            }
        });
        return new ArrayList<>(ordered.values());
    }

    /** {@code Name.member.N.Field} structures in order, each as a map of its fields. */
    public List<QueryInput> structures(String name) {
        TreeMap<Integer, Map<String, String>> ordered = new TreeMap<>();
        String prefix = name + ".member.";
        values.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    ordered.computeIfAbsent(index(rest.substring(0, dot)), i -> new LinkedHashMap<>())
                            .put(rest.substring(dot + 1), value);
                }
            }
        });
        List<QueryInput> list = new ArrayList<>();
        ordered.values().forEach(fields -> list.add(new QueryInput(fields, invalidCode)));
        return list;
    }

    /** A nested structure {@code Name.Field}. */
    public QueryInput structure(String name) {
        Map<String, String> fields = new LinkedHashMap<>();
        String prefix = name + ".";
        values.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                fields.put(key.substring(prefix.length()), value);
            }
        });
        return new QueryInput(fields, invalidCode);
    }

    /**
     * All parameters as one JSON tree, the shape the JSON protocols carry: {@code Name.member.N}
     * becomes an array, {@code Name.Field} a nested object; every leaf stays text.
     */
    public com.fasterxml.jackson.databind.node.ObjectNode asTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        try {
            values.forEach((key, value) -> place(root, key.split("\\.", -1), 0, value));
        } catch (ClassCastException e) {
            throw AwsException.client(invalidCode, "A parameter is given both as a value and as a structure or list");
        }
        return (com.fasterxml.jackson.databind.node.ObjectNode) toNode(root);
    }

    @SuppressWarnings("unchecked")
    private void place(Map<String, Object> object, String[] path, int at, String value) {
        String name = path[at];
        if (at == path.length - 1) {
            object.put(name, value);
            return;
        }
        if ("member".equals(path[at + 1]) && at + 2 < path.length) {
            TreeMap<Integer, Object> list = (TreeMap<Integer, Object>) object.computeIfAbsent(name, k -> new TreeMap<Integer, Object>());
            int index = index(path[at + 2]);
            if (at + 2 == path.length - 1) {
                list.put(index, value);
            } else {
                Map<String, Object> element = (Map<String, Object>) list.computeIfAbsent(index, k -> new LinkedHashMap<String, Object>());
                place(element, path, at + 3, value);
            }
            return;
        }
        Map<String, Object> child = (Map<String, Object>) object.computeIfAbsent(name, k -> new LinkedHashMap<String, Object>());
        place(child, path, at + 1, value);
    }

    @SuppressWarnings("unchecked")
    private static com.fasterxml.jackson.databind.JsonNode toNode(Object value) {
        var factory = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        if (value instanceof TreeMap<?, ?> list) {
            var array = factory.arrayNode();
            list.values().forEach(item -> array.add(toNode(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            var object = factory.objectNode();
            ((Map<String, Object>) map).forEach((k, v) -> object.set(k, toNode(v)));
            return object;
        }
        return factory.textNode(String.valueOf(value));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    private int index(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw AwsException.client(invalidCode, "Invalid list index: " + text);
        }
    }
}
