package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{resolve:ssm:name}}} and {@code {{resolve:ssm:name:version}}} in a resource's properties,
 * replaced by the parameter's value as CloudFormation does when it hands the properties to the
 * resource. Other services' references (secretsmanager, ssm-secure) are left as written.
 */
final class DynamicReferences {
    private static final Pattern SSM = Pattern.compile("\\{\\{resolve:ssm:([a-zA-Z0-9_.\\-/]+(?::\\d+)?)}}");

    private DynamicReferences() {
    }

    /** A copy of {@code properties} with every SSM reference resolved; {@code missing} collects names with no value. */
    static JsonNode resolve(JsonNode properties, Function<String, Optional<String>> lookup, List<String> missing) {
        if (properties.isTextual()) {
            return TextNode.valueOf(resolveText(properties.asText(), lookup, missing));
        }
        if (properties.isObject()) {
            ObjectNode copy = ((ObjectNode) properties).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), resolve(field.getValue(), lookup, missing));
            }
            return copy;
        }
        if (properties.isArray()) {
            ArrayNode copy = ((ArrayNode) properties).arrayNode();
            properties.forEach(item -> copy.add(resolve(item, lookup, missing)));
            return copy;
        }
        return properties;
    }

    static boolean mentioned(JsonNode properties) {
        return SSM.matcher(properties.toString()).find();
    }

    private static String resolveText(String text, Function<String, Optional<String>> lookup, List<String> missing) {
        Matcher reference = SSM.matcher(text);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String name = reference.group(1);
            Optional<String> value = lookup.apply(name);
            if (value.isEmpty()) {
                missing.add(name);
            }
            reference.appendReplacement(out, Matcher.quoteReplacement(value.orElse(reference.group())));
        }
        reference.appendTail(out);
        return out.toString();
    }
}
