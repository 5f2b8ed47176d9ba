package dev.berth.testing.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a value against a botocore shape: required members present, no unknown members, scalars of
 * the right type, enum values among the model's. JSON bodies are checked as the awsJson1_1 protocol
 * writes them (numbers, booleans, epoch-second timestamps); XML answers and query parameters as
 * text (ISO 8601 timestamps).
 */
final class ShapeChecker {
    private final JsonNode shapes;
    private final List<String> violations;

    ShapeChecker(JsonNode shapes, List<String> violations) {
        this.shapes = shapes;
        this.violations = violations;
    }

    private JsonNode shape(String name) {
        return shapes.path(name);
    }

    private void violation(String path, String what) {
        violations.add(path + ": " + what);
    }

    // ---- JSON (awsJson1_1) ----

    void json(JsonNode value, String shapeName, String path) {
        JsonNode shape = shape(shapeName);
        String type = shape.path("type").asText();
        if (value.isNull()) {
            violation(path, "null where the model has a " + type + " (" + shapeName + "); AWS leaves such members out");
            return;
        }
        switch (type) {
            case "structure" -> {
                if (!value.isObject()) {
                    violation(path, "expected an object (" + shapeName + "), got " + value.getNodeType());
                    return;
                }
                requireMembers(shape, iterable(value.fieldNames()), path, shapeName);
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    JsonNode member = shape.path("members").path(field.getKey());
                    if (member.isMissingNode()) {
                        violation(path + "." + field.getKey(), "unknown member of " + shapeName);
                    } else {
                        json(field.getValue(), member.path("shape").asText(), path + "." + field.getKey());
                    }
                }
            }
            case "list" -> {
                if (!value.isArray()) {
                    violation(path, "expected a list (" + shapeName + "), got " + value.getNodeType());
                    return;
                }
                int i = 0;
                for (JsonNode item : value) {
                    json(item, shape.path("member").path("shape").asText(), path + "[" + i++ + "]");
                }
            }
            case "map" -> {
                if (!value.isObject()) {
                    violation(path, "expected a map (" + shapeName + "), got " + value.getNodeType());
                    return;
                }
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    text(entry.getKey(), shape.path("key").path("shape").asText(), path + "{key}");
                    json(entry.getValue(), shape.path("value").path("shape").asText(), path + "{" + entry.getKey() + "}");
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    violation(path, "expected a string (" + shapeName + "), got " + value.getNodeType() + " " + value);
                } else {
                    enumValue(shape, value.asText(), path, shapeName);
                }
            }
            case "integer", "long" -> {
                if (!value.isIntegralNumber()) {
                    violation(path, "expected an integer (" + shapeName + "), got " + value);
                }
            }
            case "double", "float" -> {
                if (!value.isNumber()) {
                    violation(path, "expected a number (" + shapeName + "), got " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    violation(path, "expected a boolean (" + shapeName + "), got " + value);
                }
            }
            case "timestamp" -> {
                boolean iso = "iso8601".equals(shape.path("timestampFormat").asText());
                if (iso ? !value.isTextual() : !value.isNumber()) {
                    violation(path, "expected a timestamp as " + (iso ? "ISO 8601 text" : "epoch seconds") + " ("
                            + shapeName + "), got " + value);
                }
            }
            case "blob" -> {
                if (!value.isTextual() || !isBase64(value.asText())) {
                    violation(path, "expected base64 (" + shapeName + "), got " + value);
                }
            }
            default -> violation(path, "the model has no shape " + shapeName);
        }
    }

    // ---- XML (awsQuery answers) ----

    void xml(Element element, String shapeName, String path) {
        JsonNode shape = shape(shapeName);
        switch (shape.path("type").asText()) {
            case "structure" -> {
                List<String> present = new ArrayList<>();
                JsonNode members = shape.path("members");
                for (Element child : children(element)) {
                    String name = memberNamed(members, child.getTagName());
                    if (name == null) {
                        violation(path + "." + child.getTagName(), "unknown member of " + shapeName);
                        continue;
                    }
                    present.add(name);
                    JsonNode member = members.path(name);
                    JsonNode memberShape = shape(member.path("shape").asText());
                    if (member.path("flattened").asBoolean() || memberShape.path("flattened").asBoolean()) {
                        xml(child, memberShape.path("member").path("shape").asText(), path + "." + name + "[]");
                    } else {
                        xml(child, member.path("shape").asText(), path + "." + name);
                    }
                }
                requireMembers(shape, present, path, shapeName);
            }
            case "list" -> {
                String itemName = shape.path("member").path("locationName").asText("member");
                int i = 0;
                for (Element child : children(element)) {
                    if (!child.getTagName().equals(itemName)) {
                        violation(path + "." + child.getTagName(), "a list (" + shapeName + ") holds <" + itemName + "> elements only");
                    } else {
                        xml(child, shape.path("member").path("shape").asText(), path + "[" + i++ + "]");
                    }
                }
            }
            case "map" -> {
                for (Element entry : children(element)) {
                    if (!entry.getTagName().equals("entry")) {
                        violation(path + "." + entry.getTagName(), "a map (" + shapeName + ") holds <entry> elements only");
                    }
                }
            }
            default -> {
                if (!children(element).isEmpty()) {
                    violation(path, "a " + shape.path("type").asText() + " (" + shapeName + ") must not hold elements");
                } else {
                    text(element.getTextContent(), shapeName, path);
                }
            }
        }
    }

    /** A scalar written as text: an XML element's content or a query parameter. */
    void text(String text, String shapeName, String path) {
        JsonNode shape = shape(shapeName);
        String type = shape.path("type").asText();
        try {
            switch (type) {
                case "string" -> enumValue(shape, text, path, shapeName);
                case "integer" -> Integer.parseInt(text);
                case "long" -> Long.parseLong(text);
                case "double", "float" -> Double.parseDouble(text);
                case "boolean" -> {
                    if (!text.equals("true") && !text.equals("false")) {
                        violation(path, "expected true or false (" + shapeName + "), got '" + text + "'");
                    }
                }
                case "timestamp" -> OffsetDateTime.parse(text);
                case "blob" -> {
                    if (!isBase64(text)) {
                        violation(path, "expected base64 (" + shapeName + "), got '" + text + "'");
                    }
                }
                default -> violation(path, "a " + type + " (" + shapeName + ") given as text '" + text + "'");
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            violation(path, "'" + text + "' is not a " + type + " (" + shapeName + ")");
        }
    }

    // ---- shared rules ----

    private void requireMembers(JsonNode shape, Iterable<String> present, String path, String shapeName) {
        Set<String> names = new HashSet<>();
        present.forEach(names::add);
        for (JsonNode required : shape.path("required")) {
            // members carried in a header or the URI (REST protocols) are not in the body
            boolean located = shape.path("members").path(required.asText()).has("location");
            if (!names.contains(required.asText()) && !located) {
                violation(path, "required member " + required.asText() + " of " + shapeName + " is missing");
            }
        }
    }

    private void enumValue(JsonNode shape, String value, String path, String shapeName) {
        JsonNode values = shape.path("enum");
        if (!values.isArray() || values.isEmpty()) {
            return;
        }
        for (JsonNode allowed : values) {
            if (allowed.asText().equals(value)) {
                return;
            }
        }
        violation(path, "'" + value + "' is not a valid " + shapeName + " " + values);
    }

    /** The member whose wire name (locationName, else its own name) is {@code tag}. */
    private static String memberNamed(JsonNode members, String tag) {
        for (Map.Entry<String, JsonNode> member : members.properties()) {
            if (!member.getValue().has("location")
                    && member.getValue().path("locationName").asText(member.getKey()).equals(tag)) {
                return member.getKey();
            }
        }
        return null;
    }

    static List<Element> children(Element element) {
        List<Element> list = new ArrayList<>();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child) {
                list.add(child);
            }
        }
        return list;
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Iterable<String> iterable(java.util.Iterator<String> names) {
        return () -> names;
    }
}
