package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed, structurally valid template. Sections keep the order they were declared in; JSON values handed
 * out are copies, so a template never changes once parsed. Intrinsic functions are in long form whatever the
 * template was written in.
 */
public final class Template {
    private final String body;
    private final ObjectNode json;
    private final Optional<String> formatVersion;
    private final Optional<String> description;
    private final Map<String, ParameterDeclaration> parameters;
    private final Map<String, JsonNode> mappings;
    private final Map<String, JsonNode> conditions;
    private final Map<String, ResourceDeclaration> resources;
    private final Map<String, OutputDeclaration> outputs;
    private final List<String> transform;

    Template(String body, ObjectNode json, Optional<String> formatVersion, Optional<String> description,
             Map<String, ParameterDeclaration> parameters, Map<String, JsonNode> mappings,
             Map<String, JsonNode> conditions, Map<String, ResourceDeclaration> resources,
             Map<String, OutputDeclaration> outputs, List<String> transform) {
        this.body = body;
        this.json = json.deepCopy();
        this.formatVersion = formatVersion;
        this.description = description;
        this.parameters = ordered(parameters);
        this.mappings = ordered(mappings);
        this.conditions = ordered(conditions);
        this.resources = ordered(resources);
        this.outputs = ordered(outputs);
        this.transform = List.copyOf(transform);
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** The template text as the caller gave it, for GetTemplate. */
    public String body() {
        return body;
    }

    /** The whole template in JSON, short forms already in long form. */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    public Optional<String> formatVersion() {
        return formatVersion;
    }

    public Optional<String> description() {
        return description;
    }

    public Map<String, ParameterDeclaration> parameters() {
        return parameters;
    }

    /** Each mapping by name: an object of top-level keys, each an object of second-level keys. */
    public Map<String, JsonNode> mappings() {
        return copies(mappings);
    }

    /** Whether the Conditions section declares this condition; cheaper than {@link #conditions()}. */
    boolean declaresCondition(String name) {
        return conditions.containsKey(name);
    }

    /** Each condition by name, unevaluated. */
    public Map<String, JsonNode> conditions() {
        return copies(conditions);
    }

    public Map<String, ResourceDeclaration> resources() {
        return resources;
    }

    public Map<String, OutputDeclaration> outputs() {
        return outputs;
    }

    /** The macros named in the Transform section; berth runs none of them. */
    public List<String> transform() {
        return transform;
    }

    private static Map<String, JsonNode> copies(Map<String, JsonNode> nodes) {
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        nodes.forEach((name, node) -> copy.put(name, node.deepCopy()));
        return Collections.unmodifiableMap(copy);
    }
}
