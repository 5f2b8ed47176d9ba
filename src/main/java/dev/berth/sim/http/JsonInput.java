package dev.berth.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Typed access to an awsJson request, failing with the service's own validation error. */
public final class JsonInput {
    private final ObjectNode node;
    private final String invalidCode;

    /** @param invalidCode the error code this service uses for bad parameters */
    public JsonInput(ObjectNode node, String invalidCode) {
        this.node = node;
        this.invalidCode = invalidCode;
    }

    public ObjectNode node() {
        return node;
    }

    public boolean has(String field) {
        return node.hasNonNull(field);
    }

    public String string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(field + " must be a string");
        }
        return value.asText();
    }

    public String string(String field, String fallback) {
        String value = string(field);
        return value == null ? fallback : value;
    }

    public String required(String field) {
        String value = string(field);
        if (value == null || value.isEmpty()) {
            throw invalid(field + " can not be blank.");
        }
        return value;
    }

    public Integer integer(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid(field + " must be an integer");
        }
        return value.asInt();
    }

    public int integer(String field, int fallback) {
        Integer value = integer(field);
        return value == null ? fallback : value;
    }

    public Boolean bool(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalid(field + " must be a boolean");
        }
        return value.asBoolean();
    }

    public boolean bool(String field, boolean fallback) {
        Boolean value = bool(field);
        return value == null ? fallback : value;
    }

    public ArrayNode array(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw invalid(field + " must be a list");
        }
        return (ArrayNode) value;
    }

    public List<String> strings(String field) {
        ArrayNode values = array(field);
        List<String> result = new ArrayList<>();
        if (values != null) {
            for (JsonNode value : values) {
                if (!value.isTextual()) {
                    throw invalid(field + " must be a list of strings");
                }
                result.add(value.asText());
            }
        }
        return result;
    }

    public JsonInput object(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid(field + " must be a structure");
        }
        return new JsonInput((ObjectNode) value, invalidCode);
    }

    public AwsException invalid(String message) {
        return AwsException.client(invalidCode, message);
    }
}
