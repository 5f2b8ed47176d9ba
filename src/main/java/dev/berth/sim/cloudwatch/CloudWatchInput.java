package dev.berth.sim.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.http.AwsException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CloudWatch request's members, whichever protocol brought them: the query protocol's text
 * leaves ("60", "true", ISO 8601 times) and CBOR's numbers, booleans and epoch-second times
 * read the same. A value of the wrong kind is refused naming the member.
 */
final class CloudWatchInput {
    private final JsonNode node;

    CloudWatchInput(JsonNode node) {
        this.node = node == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : node;
    }

    static AwsException invalid(String message) {
        return AwsException.client("InvalidParameterValue", message);
    }

    static AwsException missing(String member) {
        return AwsException.client("MissingParameter", "The parameter " + member + " is required.");
    }

    boolean has(String member) {
        return node.hasNonNull(member);
    }

    String string(String member) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("The parameter " + member + " must be a string.");
        }
        return value.asText();
    }

    String required(String member) {
        String value = string(member);
        if (value == null || value.isEmpty()) {
            throw missing(member);
        }
        return value;
    }

    Integer integer(String member) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.asInt();
        }
        if (value.isTextual() && value.asText().matches("-?\\d{1,9}")) {
            return Integer.parseInt(value.asText());
        }
        throw invalid("The value " + value.asText() + " for parameter " + member + " is not an integer.");
    }

    Double number(String member) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            double parsed = Double.parseDouble(value.asText());
            if (Double.isFinite(parsed) && value.isTextual()) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid("The value " + value.asText() + " for parameter " + member + " is not a number.");
    }

    Boolean bool(String member) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Boolean.parseBoolean(value.asText());
        }
        throw invalid("The value " + value.asText() + " for parameter " + member + " is not a boolean.");
    }

    Instant time(String member) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return Instant.ofEpochMilli(Math.round(value.asDouble() * 1000));
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value.asText() + (value.asText().endsWith("Z") ? "" : "Z"));
            } catch (DateTimeParseException again) {
                throw invalid("The value " + value.asText() + " for parameter " + member + " is not a valid timestamp.");
            }
        }
    }

    List<String> strings(String member) {
        List<String> result = new ArrayList<>();
        for (JsonNode item : list(member)) {
            if (!item.isTextual()) {
                throw invalid("The parameter " + member + " must be a list of strings.");
            }
            result.add(item.asText());
        }
        return result;
    }

    List<CloudWatchInput> structures(String member) {
        List<CloudWatchInput> result = new ArrayList<>();
        for (JsonNode item : list(member)) {
            if (!item.isObject()) {
                throw invalid("The parameter " + member + " must be a list of structures.");
            }
            result.add(new CloudWatchInput(item));
        }
        return result;
    }

    /** A nested structure; an empty one when it is not there. */
    CloudWatchInput object(String member) {
        JsonNode value = node.get(member);
        if (value != null && !value.isNull() && !value.isObject()) {
            throw invalid("The parameter " + member + " must be a structure.");
        }
        return new CloudWatchInput(value);
    }

    /** {@code Dimensions}: Name/Value pairs, each name once. */
    Map<String, String> dimensions(String member) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (CloudWatchInput dimension : structures(member)) {
            String name = dimension.required("Name");
            String value = dimension.required("Value");
            if (dimensions.put(name, value) != null) {
                throw invalid("No Metric may specify the same dimension name twice: " + name);
            }
        }
        if (dimensions.size() > 30) {
            throw invalid("The collection " + member + " must not have a size greater than 30.");
        }
        return dimensions;
    }

    private List<JsonNode> list(String member) {
        JsonNode value = node.get(member);
        List<JsonNode> items = new ArrayList<>();
        if (value == null || value.isNull()) {
            return items;
        }
        if (!value.isArray()) {
            throw invalid("The parameter " + member + " must be a list.");
        }
        value.forEach(items::add);
        return items;
    }

    static CloudWatchInput of(ObjectNode node) {
        return new CloudWatchInput(node);
    }
}
