package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A template evaluated for one stack: which resources and outputs its conditions keep, the order resources are
 * created in, and every value with its intrinsic functions applied. The context's conditions must be the ones
 * {@link ConditionEvaluator} computed for the same template and parameters.
 */
public final class TemplateEvaluator {
    private final Template template;
    private final EvaluationContext context;
    private final IntrinsicEvaluator resourcesBlock;
    private final IntrinsicEvaluator outputsBlock;

    public TemplateEvaluator(Template template, EvaluationContext context) {
        this.template = template;
        this.context = context;
        this.resourcesBlock = new IntrinsicEvaluator(template, context, this::condition,
                IntrinsicEvaluator.Block.RESOURCES);
        this.outputsBlock = new IntrinsicEvaluator(template, context, this::condition,
                IntrinsicEvaluator.Block.OUTPUTS);
    }

    private Optional<Boolean> condition(String name) {
        if (!template.declaresCondition(name)) {
            return Optional.empty();
        }
        Boolean value = context.conditions().get(name);
        if (value == null) {
            throw new IllegalStateException("condition " + name + " was not evaluated: give the context the "
                    + "values ConditionEvaluator computes");
        }
        return Optional.of(value);
    }

    /**
     * A value from the Resources section with every intrinsic function applied: plain JSON, numbers as written.
     * {@link com.fasterxml.jackson.databind.node.MissingNode} when the whole value is AWS::NoValue.
     */
    public JsonNode resolve(JsonNode value) {
        return resourcesBlock.resolve(value);
    }

    /** Whether the resource is part of the stack: it has no Condition, or its Condition is true. */
    public boolean includes(ResourceDeclaration resource) {
        return resourcesBlock.includes(resource);
    }

    /** The resources the conditions keep, in declaration order. */
    public List<ResourceDeclaration> includedResources() {
        List<ResourceDeclaration> included = new ArrayList<>();
        template.resources().values().stream().filter(this::includes).forEach(included::add);
        return Collections.unmodifiableList(included);
    }

    /** A resource's Properties with every intrinsic function applied; properties set to AWS::NoValue are gone. */
    public ObjectNode properties(ResourceDeclaration resource) {
        JsonNode properties = resolve(resource.properties());
        if (properties.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!properties.isObject()) {
            // unconfirmed wording
            throw TemplateException.formatError("[/Resources/" + resource.logicalId() + "/Properties] must be an object");
        }
        return (ObjectNode) properties;
    }

    /**
     * The resources this one waits for: those it names in DependsOn, Ref, Fn::GetAtt or Fn::Sub, in the
     * Fn::If branches the conditions take. Parameters, pseudo parameters and resources the conditions leave
     * out are not dependencies.
     */
    public Set<String> dependencies(ResourceDeclaration resource) {
        Set<String> dependencies = new LinkedHashSet<>();
        for (String name : references(resource)) {
            if (includes(template.resources().get(name))) {
                dependencies.add(name);
            }
        }
        return Collections.unmodifiableSet(dependencies);
    }

    /**
     * The creation order of the resources the conditions keep.
     *
     * @throws TemplateException when a kept resource refers to one the conditions leave out ("Template format
     *                           error: Unresolved resource dependencies [X] in the Resources block of the
     *                           template"), or for "Circular dependency between resources: [A, B]"
     */
    public DependencyGraph dependencyGraph() {
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        for (ResourceDeclaration resource : includedResources()) {
            // once nothing left out is referenced, every reference is a dependency
            dependencies.put(resource.logicalId(), keptReferences(resource));
        }
        return DependencyGraph.of(dependencies);
    }

    /**
     * Refuses the stack, as CloudFormation does before creating anything, when a kept resource or output refers
     * to a resource the conditions leave out.
     */
    public void checkReferences() {
        includedResources().forEach(this::keptReferences);
        for (OutputDeclaration output : template.outputs().values()) {
            if (includes(output)) {
                Set<String> referenced = new LinkedHashSet<>();
                collectReferences(output.value(), referenced);
                output.exportName().ifPresent(name -> collectReferences(name, referenced));
                firstLeftOut(referenced).ifPresent(name -> {
                    throw unresolved(name, "Outputs");
                });
            }
        }
    }

    /** The resources a kept resource names, refused when one of them is left out. */
    private Set<String> keptReferences(ResourceDeclaration resource) {
        Set<String> referenced = references(resource);
        firstLeftOut(referenced).ifPresent(name -> {
            throw unresolved(name, "Resources");
        });
        return referenced;
    }

    private Optional<String> firstLeftOut(Set<String> resources) {
        return resources.stream().filter(name -> !includes(template.resources().get(name))).findFirst();
    }

    private static TemplateException unresolved(String name, String block) {
        return TemplateException.formatError(
                "Unresolved resource dependencies [" + name + "] in the " + block + " block of the template");
    }

    /** The resources a resource names, in the branches the conditions take. */
    private Set<String> references(ResourceDeclaration resource) {
        Set<String> referenced = new LinkedHashSet<>(resource.dependsOn());
        resource.evaluatedParts().forEach(part -> collectReferences(part, referenced));
        return referenced;
    }

    private void collectReferences(JsonNode value, Set<String> referenced) {
        ReferenceWalker.walk(value, ReferenceWalker.Branches.taken(context.conditions()), new ReferenceWalker.Visitor() {
            @Override
            public void ref(String name) {
                if (template.resources().containsKey(name)) {
                    referenced.add(name);
                }
            }

            @Override
            public void getAtt(String resource) {
                if (template.resources().containsKey(resource)) {
                    referenced.add(resource);
                }
            }
        });
    }

    private boolean includes(OutputDeclaration output) {
        return output.condition().map(name -> condition(name).orElseThrow(() ->
                TemplateException.formatError("Condition " + name + " is not defined."))).orElse(true);
    }

    /** The outputs the conditions keep, in declaration order, with values and export names resolved. */
    public List<ResolvedOutput> outputs() {
        List<ResolvedOutput> outputs = new ArrayList<>();
        for (OutputDeclaration output : template.outputs().values()) {
            if (!includes(output)) {
                continue;
            }
            JsonNode value = outputsBlock.resolve(output.value());
            if (!Scalars.isScalar(value)) {
                // unconfirmed wording
                throw TemplateException.formatError(
                        "The Value field of every Outputs member must evaluate to a String and not a List.");
            }
            Optional<String> exportName = output.exportName().map(name -> {
                JsonNode resolved = outputsBlock.resolve(name);
                if (!Scalars.isScalar(resolved)) {
                    // unconfirmed wording
                    throw TemplateException.formatError(
                            "The Name field of every Export member must evaluate to a String.");
                }
                return Scalars.text(resolved);
            });
            outputs.add(new ResolvedOutput(output.logicalId(), Scalars.text(value), output.description(), exportName));
        }
        return Collections.unmodifiableList(outputs);
    }
}
