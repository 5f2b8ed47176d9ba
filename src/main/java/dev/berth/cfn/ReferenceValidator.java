package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that everything a template refers to exists, before any parameter is known: names in Ref, Fn::GetAtt,
 * Fn::Sub and DependsOn, conditions in Fn::If and on resources and outputs, and that Conditions refer to
 * parameters only. Every Fn::If branch counts here, as it does for CloudFormation's own validation.
 */
final class ReferenceValidator {
    private final Template template;
    private final Map<String, JsonNode> conditions;

    private ReferenceValidator(Template template) {
        this.template = template;
        this.conditions = template.conditions();
    }

    static void validate(Template template) {
        ReferenceValidator validator = new ReferenceValidator(template);
        validator.conditionsBlock();
        validator.resourcesBlock();
        validator.outputsBlock();
        validator.noCycles();
    }

    private boolean isParameter(String name) {
        return template.parameters().containsKey(name) || PseudoParameters.isPseudoParameter(name);
    }

    private boolean isKnown(String name) {
        return isParameter(name) || template.resources().containsKey(name);
    }

    private void conditionsBlock() {
        Set<String> resourceReferences = new LinkedHashSet<>();
        Set<String> unknownConditions = new LinkedHashSet<>();
        Map<String, Set<String>> uses = new LinkedHashMap<>();
        conditions.forEach((name, definition) -> {
            Set<String> used = new LinkedHashSet<>();
            Intrinsics.conditionReference(definition).ifPresent(used::add);
            ReferenceWalker.walk(definition, ReferenceWalker.Branches.ALL, new ReferenceWalker.Visitor() {
                @Override
                public void ref(String referenced) {
                    if (!isParameter(referenced)) {
                        resourceReferences.add(referenced);
                    }
                }

                @Override
                public void getAtt(String resource) {
                    resourceReferences.add(resource);
                }

                @Override
                public void conditionReference(String condition) {
                    used.add(condition);
                }

                @Override
                public void function(String function, JsonNode argument) {
                    if (function.equals(Intrinsics.IMPORT_VALUE)) {
                        throw TemplateException.templateError("Cannot use Fn::ImportValue in Conditions");
                    }
                }
            });
            used.stream().filter(condition -> !conditions.containsKey(condition)).forEach(unknownConditions::add);
            uses.put(name, used);
        });
        if (!resourceReferences.isEmpty()) {
            throw TemplateException.formatError("Unresolved dependencies " + new ArrayList<>(resourceReferences)
                    + ". Cannot reference resources in the Conditions block of the template");
        }
        if (!unknownConditions.isEmpty()) {
            // unconfirmed wording
            throw TemplateException.formatError("Unresolved condition dependencies "
                    + new ArrayList<>(unknownConditions) + " in the Conditions block of the template");
        }
        List<String> cyclic = DependencyGraph.unorderable(uses);
        if (!cyclic.isEmpty()) {
            // unconfirmed wording
            throw TemplateException.formatError("Circular dependency between conditions: " + cyclic);
        }
    }

    private void resourcesBlock() {
        BlockReferences references = new BlockReferences();
        for (ResourceDeclaration resource : template.resources().values()) {
            conditionDefined(resource.condition());
            resource.dependsOn().stream()
                    .filter(name -> !template.resources().containsKey(name))
                    .forEach(references.unresolved::add);
            resource.evaluatedParts().forEach(references::walk);
        }
        references.check("Resources");
    }

    private void outputsBlock() {
        BlockReferences references = new BlockReferences();
        for (OutputDeclaration output : template.outputs().values()) {
            conditionDefined(output.condition());
            references.walk(output.value());
            output.exportName().ifPresent(name -> {
                references.walk(name);
                if (dependsOnTheStack(name)) {
                    throw TemplateException.formatError("Output " + output.logicalId() + " is malformed.  The Name "
                            + "field of Export must not depend on any resources, imported values, or Fn::GetAZs.");
                }
            });
        }
        references.check("Outputs");
    }

    private void conditionDefined(Optional<String> condition) {
        condition.filter(name -> !conditions.containsKey(name)).ifPresent(name -> {
            throw TemplateException.formatError("Condition " + name + " is not defined.");
        });
    }

    /** Whether a value needs the stack being deployed (or another one) to be known: resources, imports, AZs. */
    private boolean dependsOnTheStack(JsonNode value) {
        boolean[] depends = {false};
        ReferenceWalker.walk(value, ReferenceWalker.Branches.ALL, new ReferenceWalker.Visitor() {
            @Override
            public void ref(String name) {
                depends[0] |= template.resources().containsKey(name);
            }

            @Override
            public void getAtt(String resource) {
                depends[0] = true;
            }

            @Override
            public void function(String function, JsonNode argument) {
                depends[0] |= function.equals(Intrinsics.IMPORT_VALUE) || function.equals(Intrinsics.GET_AZS);
            }
        });
        return depends[0];
    }

    /**
     * A cycle through references that hold whatever the conditions (outside any Fn::If) can never be created.
     * Cycles through Fn::If branches are the evaluator's to find, once the conditions are known.
     */
    private void noCycles() {
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        for (ResourceDeclaration resource : template.resources().values()) {
            Set<String> needs = new LinkedHashSet<>(resource.dependsOn());
            ReferenceWalker.Visitor collect = new ReferenceWalker.Visitor() {
                @Override
                public void ref(String name) {
                    if (template.resources().containsKey(name)) {
                        needs.add(name);
                    }
                }

                @Override
                public void getAtt(String resource) {
                    needs.add(resource);
                }
            };
            resource.evaluatedParts().forEach(part -> ReferenceWalker.walk(part, ReferenceWalker.Branches.NONE, collect));
            dependencies.put(resource.logicalId(), needs);
        }
        DependencyGraph.of(dependencies);
    }

    /** What one block (Resources or Outputs) refers to that does not exist. */
    private final class BlockReferences {
        final Set<String> unresolved = new LinkedHashSet<>();
        String undefinedGetAttResource;
        String undefinedIfCondition;

        void walk(JsonNode value) {
            ReferenceWalker.walk(value, ReferenceWalker.Branches.ALL, new ReferenceWalker.Visitor() {
                @Override
                public void ref(String name) {
                    if (!isKnown(name)) {
                        unresolved.add(name);
                    }
                }

                @Override
                public void getAtt(String resource) {
                    if (undefinedGetAttResource == null && !template.resources().containsKey(resource)) {
                        undefinedGetAttResource = resource;
                    }
                }

                @Override
                public void ifCondition(String condition) {
                    if (undefinedIfCondition == null && !conditions.containsKey(condition)) {
                        undefinedIfCondition = condition;
                    }
                }

                @Override
                public void function(String function, JsonNode argument) {
                    if (function.equals(Intrinsics.IMPORT_VALUE) && dependsOnTheStack(argument)) {
                        throw TemplateException.templateError("the attribute in Fn::ImportValue must not depend on "
                                + "any resources, imported values, or Fn::GetAZs");
                    }
                }
            });
        }

        void check(String block) {
            if (!unresolved.isEmpty()) {
                throw TemplateException.formatError("Unresolved resource dependencies " + new ArrayList<>(unresolved)
                        + " in the " + block + " block of the template");
            }
            if (undefinedGetAttResource != null) {
                throw TemplateException.templateError(
                        "instance of Fn::GetAtt references undefined resource " + undefinedGetAttResource);
            }
            if (undefinedIfCondition != null) {
                throw TemplateException.templateError(
                        "unresolved condition dependency " + undefinedIfCondition + " in Fn::If");
            }
        }
    }
}
