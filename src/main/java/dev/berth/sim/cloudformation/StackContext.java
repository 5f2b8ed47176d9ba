package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.sim.cloudformation.resources.ResourceProviders;
import dev.berth.cfn.ConditionEvaluator;
import dev.berth.cfn.EvaluationContext;
import dev.berth.cfn.Template;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A template evaluated for one stack: its parameters, the physical ids and attributes its
 * resources have now, and the exports of the region. Imports are recorded as the stack resolves them.
 */
final class StackContext implements EvaluationContext {
    private final CfnRegion region;
    private final SimStack stack;
    private final Map<String, String> parameters;
    private final ResourceProviders providers;
    private final Map<String, Boolean> conditions;

    StackContext(CfnRegion region, SimStack stack, Template template, Map<String, String> parameters,
                 ResourceProviders providers) {
        this.region = region;
        this.stack = stack;
        this.parameters = parameters;
        this.providers = providers;
        this.conditions = ConditionEvaluator.evaluate(template, this);
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public String accountId() {
        return region.accountId;
    }

    @Override
    public String region() {
        return region.name;
    }

    @Override
    public String stackName() {
        return stack.name;
    }

    @Override
    public String stackId() {
        return stack.stackId;
    }

    @Override
    public List<String> notificationArns() {
        return stack.notificationArns;
    }

    @Override
    public Map<String, Boolean> conditions() {
        return conditions == null ? Map.of() : conditions;
    }

    @Override
    public String physicalId(String logicalId) {
        SimStackResource resource = stack.resources.get(logicalId);
        return resource == null || resource.physicalId == null ? "" : resource.physicalId;
    }

    @Override
    public JsonNode attribute(String logicalId, String attribute) {
        SimStackResource resource = stack.resources.get(logicalId);
        if (resource == null || resource.physicalId == null) {
            return null;
        }
        JsonNode value = resource.attributes.get(attribute);
        return value != null ? value : providers.fallbackAttribute(resource.type, resource.physicalId, attribute, region.name, region.accountId);
    }

    @Override
    public Optional<String> exportedValue(String exportName) {
        CfnRegion.Export export = region.exports.get(exportName);
        if (export == null) {
            return Optional.empty();
        }
        if (!export.stackId.equals(stack.stackId)) {
            export.importers.add(stack.name);
        }
        return Optional.of(export.value);
    }
}
