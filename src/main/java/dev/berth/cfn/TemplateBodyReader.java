package dev.berth.cfn;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns template text into a JSON object. A body whose first non-blank character is '{' is JSON, as
 * CloudFormation decides ("JSON not well-formed" for such a body); anything else is YAML.
 */
final class TemplateBodyReader {
    /** Numbers keep the digits written: 1.50 stays 1.50. Duplicate keys: the last wins, as in CloudFormation. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    private TemplateBodyReader() {
    }

    static ObjectNode read(String body) {
        if (body == null || body.isBlank()) {
            throw TemplateException.formatError("unsupported structure.");
        }
        JsonNode root = body.strip().startsWith("{") ? json(body) : new YamlTemplateReader().read(body);
        if (!root.isObject()) {
            throw TemplateException.formatError("unsupported structure.");
        }
        return (ObjectNode) root;
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            if (location == null) {
                throw TemplateException.formatError("JSON not well-formed.");
            }
            throw TemplateException.formatError("JSON not well-formed. (line " + location.getLineNr()
                    + ", column " + location.getColumnNr() + ")");
        }
    }
}
