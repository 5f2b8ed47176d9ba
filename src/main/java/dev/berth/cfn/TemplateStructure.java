package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a template's sections into declarations, refusing a shape CloudFormation refuses. What the sections
 * refer to is {@link ReferenceValidator}'s business. Messages commented "unconfirmed" follow CloudFormation's
 * style but were not found quoted from a real answer.
 */
final class TemplateStructure {
    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
            "Parameters", "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs", "Hooks");
    private static final Set<String> PARAMETER_PROPERTIES = Set.of("Type", "Default", "AllowedValues",
            "AllowedPattern", "MinLength", "MaxLength", "MinValue", "MaxValue", "NoEcho", "Description",
            "ConstraintDescription");
    private static final Set<String> RESOURCE_PROPERTIES = Set.of("Type", "Properties", "DependsOn", "Condition",
            "DeletionPolicy", "UpdateReplacePolicy", "UpdatePolicy", "CreationPolicy", "Metadata");
    private static final String FORMAT_VERSION = "2010-09-09";
    private static final int DESCRIPTION_MAX_BYTES = 1024;
    private static final Pattern RESOURCE_TYPE =
            Pattern.compile("AWS::[A-Za-z0-9]+::[A-Za-z0-9]+|Custom::[A-Za-z0-9_@-]+|Alexa::ASK::Skill");

    private TemplateStructure() {
    }

    static Template read(String body, ObjectNode root) {
        refuseNulls(root, "");
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!SECTIONS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            // the wording CloudFormation's knowledge center quotes; whether it has the format-error prefix is unconfirmed
            throw new TemplateException("Invalid template property or properties " + unknown);
        }
        return new Template(body, root, formatVersion(root), description(root), parameters(root),
                mappings(root), conditions(root), resources(root), outputs(root), transform(root));
    }

    /** CloudFormation names the first null by its JSON pointer. */
    private static void refuseNulls(JsonNode node, String pointer) {
        if (node.isNull()) {
            throw new TemplateException("[" + pointer + "] 'null' values are not allowed in templates");
        }
        if (node.isObject()) {
            node.properties().forEach(field ->
                    refuseNulls(field.getValue(), pointer + "/" + escapePointer(field.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseNulls(node.get(i), pointer + "/" + i);
            }
        }
    }

    private static String escapePointer(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static Optional<String> formatVersion(ObjectNode root) {
        JsonNode version = root.get("AWSTemplateFormatVersion");
        if (version == null) {
            return Optional.empty();
        }
        if (!version.isTextual() || !version.textValue().equals(FORMAT_VERSION)) {
            // unconfirmed wording
            throw TemplateException.formatError("unsupported value for AWSTemplateFormatVersion.");
        }
        return Optional.of(FORMAT_VERSION);
    }

    private static Optional<String> description(ObjectNode root) {
        JsonNode description = root.get("Description");
        if (description == null) {
            return Optional.empty();
        }
        if (!description.isTextual()) {
            // unconfirmed wording
            throw TemplateException.formatError("Every Description member must be a string.");
        }
        if (description.textValue().getBytes(StandardCharsets.UTF_8).length > DESCRIPTION_MAX_BYTES) {
            throw TemplateException.formatError("'Description' length is greater than " + DESCRIPTION_MAX_BYTES + ".");
        }
        return Optional.of(description.textValue());
    }

    private static List<String> transform(ObjectNode root) {
        JsonNode transform = root.get("Transform");
        List<String> names = new ArrayList<>();
        if (transform == null) {
            return names;
        }
        for (JsonNode macro : transform.isArray() ? transform : List.of(transform)) {
            JsonNode name = macro.isObject() ? macro.path("Name") : macro;
            if (!name.isTextual()) {
                // unconfirmed wording
                throw TemplateException.formatError("Every Transform member must be a string.");
            }
            names.add(name.textValue());
        }
        return names;
    }

    private static Map<String, ParameterDeclaration> parameters(ObjectNode root) {
        Map<String, ParameterDeclaration> parameters = new LinkedHashMap<>();
        section(root, "Parameters").properties().forEach(entry ->
                parameters.put(entry.getKey(), parameter(entry.getKey(), entry.getValue())));
        return parameters;
    }

    private static ParameterDeclaration parameter(String name, JsonNode node) {
        if (!node.isObject()) {
            // unconfirmed wording
            throw TemplateException.formatError("Every Parameters object must be an object.");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!PARAMETER_PROPERTIES.contains(key)) {
                throw new TemplateException("Invalid template parameter property '" + key + "'");
            }
        }
        if (!node.path("Type").isTextual()) {
            throw TemplateException.formatError("Every Parameters object must contain a Type member.");
        }
        ParameterType type = ParameterType.of(node.get("Type").textValue());
        return new ParameterDeclaration(name, type,
                optionalText(node, "Default"),
                allowedValues(node.get("AllowedValues")),
                optionalText(node, "AllowedPattern"),
                optionalInt(node, "MinLength"),
                optionalInt(node, "MaxLength"),
                optionalDecimal(node, "MinValue"),
                optionalDecimal(node, "MaxValue"),
                node.has("NoEcho") && Scalars.isScalar(node.get("NoEcho"))
                        && Scalars.text(node.get("NoEcho")).equalsIgnoreCase("true"),
                optionalText(node, "Description"),
                optionalText(node, "ConstraintDescription"));
    }

    private static Optional<String> optionalText(JsonNode node, String property) {
        JsonNode value = node.get(property);
        if (value == null) {
            return Optional.empty();
        }
        if (!Scalars.isScalar(value)) {
            // unconfirmed wording
            throw TemplateException.formatError("Every " + property + " member must be a string.");
        }
        return Optional.of(Scalars.text(value));
    }

    private static List<String> allowedValues(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null) {
            return values;
        }
        if (!node.isArray()) {
            // unconfirmed wording
            throw TemplateException.formatError("Every AllowedValues member must be a list.");
        }
        for (JsonNode value : node) {
            if (!Scalars.isScalar(value)) {
                // unconfirmed wording
                throw TemplateException.formatError("Every AllowedValues value must be a string.");
            }
            values.add(Scalars.text(value));
        }
        return values;
    }

    private static OptionalInt optionalInt(JsonNode node, String property) {
        return optionalDecimal(node, property).map(value -> {
            try {
                return OptionalInt.of(value.intValueExact());
            } catch (ArithmeticException e) {
                // unconfirmed wording
                throw TemplateException.formatError("Every " + property + " member must be an integer.");
            }
        }).orElse(OptionalInt.empty());
    }

    private static Optional<BigDecimal> optionalDecimal(JsonNode node, String property) {
        Optional<String> text = optionalText(node, property);
        try {
            return text.map(BigDecimal::new);
        } catch (NumberFormatException e) {
            // unconfirmed wording
            throw TemplateException.formatError("Every " + property + " member must be a number.");
        }
    }

    private static Map<String, JsonNode> mappings(ObjectNode root) {
        Map<String, JsonNode> mappings = new LinkedHashMap<>();
        section(root, "Mappings").properties().forEach(mapping -> {
            if (!mapping.getValue().isObject()) {
                // unconfirmed wording
                throw TemplateException.formatError("Every Mappings member " + mapping.getKey() + " must be a map");
            }
            mapping.getValue().properties().forEach(key -> {
                if (!key.getValue().isObject()) {
                    // unconfirmed wording
                    throw TemplateException.formatError("Every Mappings member " + key.getKey() + " must be a map");
                }
                key.getValue().forEach(attribute -> {
                    boolean listOfScalars = attribute.isArray();
                    for (JsonNode item : attribute) {
                        listOfScalars &= Scalars.isScalar(item);
                    }
                    if (!Scalars.isScalar(attribute) && !listOfScalars) {
                        // unconfirmed wording
                        throw TemplateException.formatError("Every Mappings attribute must be a String or a List.");
                    }
                });
            });
            mappings.put(mapping.getKey(), mapping.getValue());
        });
        return mappings;
    }

    private static Map<String, JsonNode> conditions(ObjectNode root) {
        Map<String, JsonNode> conditions = new LinkedHashMap<>();
        section(root, "Conditions").properties().forEach(condition -> {
            if (!condition.getValue().isObject()) {
                // unconfirmed wording
                throw TemplateException.formatError(
                        "Conditions can only be boolean operations on parameters and other conditions");
            }
            conditions.put(condition.getKey(), condition.getValue());
        });
        return conditions;
    }

    private static Map<String, ResourceDeclaration> resources(ObjectNode root) {
        JsonNode section = root.get("Resources");
        if (section == null || !section.isObject() || section.isEmpty()) {
            throw TemplateException.formatError("At least one Resources member must be defined.");
        }
        Map<String, ResourceDeclaration> resources = new LinkedHashMap<>();
        section.properties().forEach(entry ->
                resources.put(entry.getKey(), resource(entry.getKey(), entry.getValue())));
        List<String> unrecognized = new ArrayList<>();
        resources.values().forEach(resource -> {
            if (!RESOURCE_TYPE.matcher(resource.type()).matches() && !unrecognized.contains(resource.type())) {
                unrecognized.add(resource.type());
            }
        });
        if (!unrecognized.isEmpty()) {
            throw TemplateException.formatError("Unrecognized resource types: " + unrecognized);
        }
        return resources;
    }

    private static ResourceDeclaration resource(String logicalId, JsonNode node) {
        if (!node.isObject() || !node.path("Type").isTextual()) {
            throw TemplateException.formatError(
                    "[/Resources/" + logicalId + "] Every Resources object must contain a Type member.");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!RESOURCE_PROPERTIES.contains(key)) {
                throw new TemplateException("Invalid template resource property '" + key + "'");
            }
        }
        JsonNode properties = node.path("Properties");
        if (!properties.isMissingNode() && !properties.isObject()) {
            // unconfirmed wording
            throw TemplateException.formatError("[/Resources/" + logicalId + "/Properties] must be an object");
        }
        return new ResourceDeclaration(logicalId, node.get("Type").textValue(),
                properties.isObject() ? (ObjectNode) properties : JsonNodeFactory.instance.objectNode(),
                dependsOn(node.get("DependsOn")),
                conditionName(node),
                policy(node, "DeletionPolicy"),
                policy(node, "UpdateReplacePolicy"),
                Optional.ofNullable(node.get("UpdatePolicy")),
                Optional.ofNullable(node.get("CreationPolicy")),
                Optional.ofNullable(node.get("Metadata")));
    }

    private static List<String> dependsOn(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node == null) {
            return names;
        }
        for (JsonNode name : node.isArray() ? node : List.of(node)) {
            if (!name.isTextual()) {
                // unconfirmed wording
                throw TemplateException.formatError("DependsOn must be a string or a list of strings.");
            }
            names.add(name.textValue());
        }
        return names;
    }

    private static Optional<String> conditionName(JsonNode node) {
        JsonNode condition = node.get("Condition");
        if (condition == null) {
            return Optional.empty();
        }
        if (!condition.isTextual()) {
            throw TemplateException.formatError("Every Condition member must be a string.");
        }
        return Optional.of(condition.textValue());
    }

    private static Optional<String> policy(JsonNode node, String attribute) {
        JsonNode policy = node.get(attribute);
        if (policy == null) {
            return Optional.empty();
        }
        if (!policy.isTextual()) {
            // unconfirmed wording
            throw TemplateException.formatError("Every " + attribute + " member must be a string.");
        }
        return Optional.of(policy.textValue());
    }

    private static Map<String, OutputDeclaration> outputs(ObjectNode root) {
        Map<String, OutputDeclaration> outputs = new LinkedHashMap<>();
        section(root, "Outputs").properties().forEach(entry -> {
            JsonNode output = entry.getValue();
            if (!output.isObject() || !output.has("Value")) {
                throw TemplateException.formatError("Every Outputs member must contain a Value object");
            }
            JsonNode export = output.get("Export");
            if (export != null && !(export.isObject() && export.has("Name"))) {
                // unconfirmed wording
                throw TemplateException.formatError("Every Export member must contain a Name object");
            }
            outputs.put(entry.getKey(), new OutputDeclaration(entry.getKey(), output.get("Value"),
                    optionalText(output, "Description"),
                    Optional.ofNullable(export).map(e -> e.get("Name")),
                    conditionName(output)));
        });
        return outputs;
    }

    private static JsonNode section(ObjectNode root, String name) {
        JsonNode section = root.get(name);
        if (section == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!section.isObject()) {
            // unconfirmed wording
            throw TemplateException.formatError("[/" + name + "] must be an object");
        }
        return section;
    }
}
