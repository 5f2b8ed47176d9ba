package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cfn.ResourceDeclaration;
import dev.berth.cfn.Template;
import dev.berth.cfn.TemplateEvaluator;
import dev.berth.cfn.TemplateException;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Works out what a change set would do, as DescribeChangeSet shows it: resources added,
 * removed, or modified in place or by replacement, with the property, the parameter or the
 * replaced resource that causes each change.
 */
final class ChangeSetPlanner {
    static final String NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

    private final CloudFormationEngine engine;

    ChangeSetPlanner(CloudFormationEngine engine) {
        this.engine = engine;
    }

    void complete(CfnRegion region, SimStack stack, SimChangeSet changeSet) {
        try {
            changeSet.changes = changes(region, stack, changeSet);
        } catch (TemplateException e) {
            changeSet.status = "FAILED";
            changeSet.statusReason = e.getMessage();
            return;
        }
        boolean nothing = changeSet.changes.isEmpty() && "UPDATE".equals(changeSet.type)
                && changeSet.parameters.equals(stack.parameters) && changeSet.tags.equals(stack.tags)
                && stack.template != null && changeSet.template.toJson().equals(stack.template.toJson());
        if (nothing) {
            changeSet.status = "FAILED";
            changeSet.statusReason = NO_CHANGES;
            return;
        }
        changeSet.status = "CREATE_COMPLETE";
        changeSet.executionStatus = "AVAILABLE";
    }

    private ArrayNode changes(CfnRegion region, SimStack stack, SimChangeSet changeSet) {
        ArrayNode changes = JsonNodeFactory.instance.arrayNode();
        TemplateEvaluator evaluator = new TemplateEvaluator(changeSet.template,
                engine.context(region, stack, changeSet.template, changeSet.parameters, changeSet.resolvedValues));
        Set<String> changedParameters = new TreeSet<>();
        for (String name : changeSet.template.parameters().keySet()) {
            if (!Objects.equals(changeSet.parameters.get(name), stack.parameters.get(name))) {
                changedParameters.add(name);
            }
        }
        Set<String> included = new LinkedHashSet<>();
        Set<String> replaced = new LinkedHashSet<>();
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        for (String logicalId : evaluator.dependencyGraph().creationOrder()) {
            ResourceDeclaration declaration = changeSet.template.resources().get(logicalId);
            if (declaration == null || !evaluator.includes(declaration)) {
                continue;
            }
            included.add(logicalId);
            SimStackResource existing = "CREATE".equals(changeSet.type) ? null : stack.resources.get(logicalId);
            if (existing == null || existing.physicalId == null) {
                ObjectNode change = resourceChange("Add", declaration, null);
                change.putArray("Scope");
                change.putArray("Details");
                byId.put(logicalId, change);
                continue;
            }
            JsonNode properties = evaluator.properties(declaration);
            ObjectNode change = resourceChange("Modify", declaration, existing.physicalId);
            ArrayNode details = JsonNodeFactory.instance.arrayNode();
            boolean replace = !existing.type.equals(declaration.type());
            boolean conditional = false;
            Set<String> names = new TreeSet<>();
            existing.properties.fieldNames().forEachRemaining(names::add);
            properties.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                boolean recreates = engine.providers().replaces(declaration.type(), name);
                JsonNode raw = declaration.properties().get(name);
                if (!Objects.equals(existing.properties.get(name), properties.get(name))) {
                    replace |= recreates;
                    String parameter = referencedAmong(raw, changedParameters);
                    details.add(detail(name, recreates ? "Always" : "Never", "Static",
                            parameter != null ? "ParameterReference" : "DirectModification", parameter));
                } else {
                    String resource = referencedAmong(raw, replaced);
                    if (resource != null) {
                        conditional |= recreates;
                        details.add(detail(name, recreates ? "Always" : "Never", "Dynamic", "ResourceReference", resource));
                    }
                }
            }
            if (details.isEmpty()) {
                continue;
            }
            if (replace) {
                replaced.add(logicalId);
            }
            change.put("Replacement", replace ? "True" : conditional ? "Conditional" : "False");
            change.putArray("Scope").add("Properties");
            change.set("Details", details);
            byId.put(logicalId, change);
        }
        if (!"CREATE".equals(changeSet.type)) {
            for (SimStackResource resource : stack.resources.values()) {
                if (!included.contains(resource.logicalId) && resource.physicalId != null) {
                    ObjectNode change = JsonNodeFactory.instance.objectNode();
                    change.put("Action", "Remove");
                    change.put("LogicalResourceId", resource.logicalId);
                    change.put("PhysicalResourceId", resource.physicalId);
                    change.put("ResourceType", resource.type);
                    change.putArray("Scope");
                    change.putArray("Details");
                    byId.put(resource.logicalId, change);
                }
            }
        }
        for (ObjectNode change : byId.values()) {
            ObjectNode wrapper = changes.addObject();
            wrapper.put("Type", "Resource");
            wrapper.set("ResourceChange", change);
        }
        return changes;
    }

    private static ObjectNode resourceChange(String action, ResourceDeclaration declaration, String physicalId) {
        ObjectNode change = JsonNodeFactory.instance.objectNode();
        change.put("Action", action);
        change.put("LogicalResourceId", declaration.logicalId());
        if (physicalId != null) {
            change.put("PhysicalResourceId", physicalId);
        }
        change.put("ResourceType", declaration.type());
        return change;
    }

    private static ObjectNode detail(String property, String recreation, String evaluation, String source, String causing) {
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        detail.putObject("Target").put("Attribute", "Properties").put("Name", property).put("RequiresRecreation", recreation);
        detail.put("Evaluation", evaluation);
        detail.put("ChangeSource", source);
        if (causing != null) {
            detail.put("CausingEntity", causing);
        }
        return detail;
    }

    /** The first of {@code names} that a template value refers to by Ref, GetAtt or Sub, if any. */
    static String referencedAmong(JsonNode raw, Set<String> names) {
        if (raw == null || names.isEmpty()) {
            return null;
        }
        if (raw.isObject()) {
            if (raw.has("Ref") && names.contains(raw.get("Ref").asText())) {
                return raw.get("Ref").asText();
            }
            JsonNode getAtt = raw.get("Fn::GetAtt");
            if (getAtt != null && getAtt.isArray() && names.contains(getAtt.path(0).asText())) {
                return getAtt.path(0).asText();
            }
            JsonNode sub = raw.get("Fn::Sub");
            if (sub != null) {
                String text = sub.isArray() ? sub.path(0).asText() : sub.asText();
                for (String name : names) {
                    if (text.contains("${" + name + "}") || text.contains("${" + name + ".")) {
                        return name;
                    }
                }
            }
        }
        for (JsonNode child : raw) {
            String found = referencedAmong(child, names);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
