package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of a template's Resources section, as written: intrinsic functions are not resolved. The JSON
 * values handed out are copies, so a declaration cannot change once parsed.
 */
public record ResourceDeclaration(
        String logicalId,
        String type,
        ObjectNode properties,
        List<String> dependsOn,
        Optional<String> condition,
        Optional<String> deletionPolicy,
        Optional<String> updateReplacePolicy,
        Optional<JsonNode> updatePolicy,
        Optional<JsonNode> creationPolicy,
        Optional<JsonNode> metadata) {

    public ResourceDeclaration {
        properties = properties.deepCopy();
        dependsOn = List.copyOf(dependsOn);
        updatePolicy = updatePolicy.map(JsonNode::deepCopy);
        creationPolicy = creationPolicy.map(JsonNode::deepCopy);
        metadata = metadata.map(JsonNode::deepCopy);
    }

    /** The Properties object; empty when the template gives none. */
    @Override
    public ObjectNode properties() {
        return properties.deepCopy();
    }

    @Override
    public Optional<JsonNode> updatePolicy() {
        return updatePolicy.map(JsonNode::deepCopy);
    }

    @Override
    public Optional<JsonNode> creationPolicy() {
        return creationPolicy.map(JsonNode::deepCopy);
    }

    @Override
    public Optional<JsonNode> metadata() {
        return metadata.map(JsonNode::deepCopy);
    }

    /** Every part CloudFormation applies intrinsic functions to, so every part that can refer to something. */
    List<JsonNode> evaluatedParts() {
        List<JsonNode> parts = new ArrayList<>();
        parts.add(properties());
        metadata().ifPresent(parts::add);
        updatePolicy().ifPresent(parts::add);
        creationPolicy().ifPresent(parts::add);
        return parts;
    }
}
