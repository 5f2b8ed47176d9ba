package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a template's Conditions against parameter and pseudo parameter values. A condition may use others
 * ({@code {"Condition": "IsProd"}}); each is evaluated once, whatever order they are declared in.
 */
public final class ConditionEvaluator {
    private final Map<String, JsonNode> definitions;
    private final IntrinsicEvaluator evaluator;
    private final Map<String, Boolean> values = new LinkedHashMap<>();
    private final Set<String> evaluating = new LinkedHashSet<>();

    private ConditionEvaluator(Template template, EvaluationContext context) {
        this.definitions = template.conditions();
        this.evaluator = new IntrinsicEvaluator(template, context, this::value, IntrinsicEvaluator.Block.CONDITIONS);
    }

    /**
     * Every condition's value, in declaration order. {@link EvaluationContext#conditions()} is not consulted.
     *
     * @throws TemplateException when a condition cannot be evaluated, e.g. "Template error: Unable to get mapping
     *                           for RegionMap::eu-west-9::Ami"
     */
    public static Map<String, Boolean> evaluate(Template template, EvaluationContext context) {
        ConditionEvaluator conditions = new ConditionEvaluator(template, context);
        Map<String, Boolean> inOrder = new LinkedHashMap<>();
        conditions.definitions.keySet().forEach(name -> inOrder.put(name, conditions.value(name).orElseThrow()));
        return Collections.unmodifiableMap(inOrder);
    }

    private Optional<Boolean> value(String name) {
        if (values.containsKey(name)) {
            return Optional.of(values.get(name));
        }
        JsonNode definition = definitions.get(name);
        if (definition == null) {
            return Optional.empty();
        }
        if (!evaluating.add(name)) {
            // unconfirmed wording; the parser refuses such templates first
            throw TemplateException.formatError("Circular dependency between conditions: " + new ArrayList<>(evaluating));
        }
        boolean value = evaluator.condition(definition);
        evaluating.remove(name);
        values.put(name, value);
        return Optional.of(value);
    }
}
