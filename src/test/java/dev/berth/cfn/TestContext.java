package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stack "web" in account 123456789012 for tests: every resource's physical id is "phys-" + its logical id,
 * attributes and exports are what the test puts in.
 */
record TestContext(String region, Map<String, String> parameters, Map<String, Boolean> conditions,
                   Map<String, JsonNode> attributes, Map<String, String> exports) implements EvaluationContext {

    static TestContext of(Map<String, String> parameters) {
        return new TestContext("us-east-1", parameters, Map.of(), Map.of(), Map.of());
    }

    /** Parses, resolves the given parameters and evaluates the conditions: a stack ready to evaluate. */
    static TemplateEvaluator evaluator(String body, Map<String, String> given) {
        Template template = TemplateParser.parse(body);
        Map<String, ParameterValue> values = new HashMap<>();
        given.forEach((name, value) -> values.put(name, ParameterValue.of(value)));
        return of(ParameterResolver.resolve(template, values)).evaluator(template);
    }

    /** A YAML template as written, and rewritten as JSON in long form: cases run against both. */
    static List<String> yamlAndJson(String yaml) {
        return List.of(yaml, Json.write(TemplateParser.parse(yaml).toJson()));
    }

    /** A resource's resolved Properties in a stack created with every parameter's Default. */
    ObjectNode propertiesWithDefaults(String body, String logicalId) {
        Template template = TemplateParser.parse(body);
        TemplateEvaluator evaluator = withParameters(ParameterResolver.resolve(template, Map.of())).evaluator(template);
        return evaluator.properties(template.resources().get(logicalId));
    }

    TemplateEvaluator evaluator(Template template) {
        return new TemplateEvaluator(template, withConditions(ConditionEvaluator.evaluate(template, this)));
    }

    TestContext withConditions(Map<String, Boolean> values) {
        return new TestContext(region, parameters, values, attributes, exports);
    }

    TestContext withParameters(Map<String, String> values) {
        return new TestContext(region, values, conditions, attributes, exports);
    }

    TestContext withRegion(String name) {
        return new TestContext(name, parameters, conditions, attributes, exports);
    }

    TestContext withAttribute(String resourceDotAttribute, String value) {
        Map<String, JsonNode> more = new HashMap<>(attributes);
        more.put(resourceDotAttribute, JsonNodeFactory.instance.textNode(value));
        return new TestContext(region, parameters, conditions, more, exports);
    }

    TestContext withAttribute(String resourceDotAttribute, JsonNode value) {
        Map<String, JsonNode> more = new HashMap<>(attributes);
        more.put(resourceDotAttribute, value);
        return new TestContext(region, parameters, conditions, more, exports);
    }

    TestContext withExport(String name, String value) {
        Map<String, String> more = new HashMap<>(exports);
        more.put(name, value);
        return new TestContext(region, parameters, conditions, attributes, more);
    }

    @Override
    public String accountId() {
        return "123456789012";
    }

    @Override
    public String stackName() {
        return "web";
    }

    @Override
    public String stackId() {
        return "arn:aws:cloudformation:" + region + ":123456789012:stack/web/6f1c2b30-0000-0000-0000-000000000001";
    }

    @Override
    public String physicalId(String logicalId) {
        return "phys-" + logicalId;
    }

    @Override
    public JsonNode attribute(String logicalId, String attribute) {
        return attributes.get(logicalId + "." + attribute);
    }

    @Override
    public Optional<String> exportedValue(String exportName) {
        return Optional.ofNullable(exports.get(exportName));
    }
}
