package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/** One entry of a template's Outputs section, as written. The JSON values handed out are copies. */
public record OutputDeclaration(
        String logicalId,
        JsonNode value,
        Optional<String> description,
        Optional<JsonNode> exportName,
        Optional<String> condition) {

    public OutputDeclaration {
        value = value.deepCopy();
        exportName = exportName.map(JsonNode::deepCopy);
    }

    @Override
    public JsonNode value() {
        return value.deepCopy();
    }

    /** The Export's Name, still unresolved (often an {@code Fn::Sub} on the stack name). */
    @Override
    public Optional<JsonNode> exportName() {
        return exportName.map(JsonNode::deepCopy);
    }
}
