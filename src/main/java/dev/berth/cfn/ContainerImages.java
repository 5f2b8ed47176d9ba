package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The images an update will run: every container of every ECS task definition the template keeps, with its
 * Image evaluated against the stack's facts. An image that cannot be known before the update says why.
 */
public final class ContainerImages {
    private static final String TASK_DEFINITION = "AWS::ECS::TaskDefinition";

    /** One container: the image it names, or why that cannot be known. */
    public record ContainerImage(String taskDefinition, String container, Optional<String> image,
                                 Optional<String> unknownBecause) {
        static ContainerImage known(String taskDefinition, String container, String image) {
            return new ContainerImage(taskDefinition, container, Optional.of(image), Optional.empty());
        }

        static ContainerImage unknown(String taskDefinition, String container, String reason) {
            return new ContainerImage(taskDefinition, container, Optional.empty(), Optional.of(reason));
        }
    }

    private ContainerImages() {
    }

    /** Every container image of the template's task definitions, in declaration order. */
    public static List<ContainerImage> of(Template template, StackFacts facts) {
        TemplateEvaluator evaluator;
        try {
            evaluator = new TemplateEvaluator(template, new KnownValuesContext(template, facts));
        } catch (UnknownValueException | TemplateException e) {
            return template.resources().values().stream().filter(r -> r.type().equals(TASK_DEFINITION))
                    .map(r -> ContainerImage.unknown(r.logicalId(), "*", "its conditions: " + e.getMessage())).toList();
        }
        List<ContainerImage> images = new ArrayList<>();
        for (ResourceDeclaration resource : template.resources().values()) {
            if (resource.type().equals(TASK_DEFINITION) && evaluator.includes(resource)) {
                images.addAll(containers(evaluator, resource));
            }
        }
        return List.copyOf(images);
    }

    private static List<ContainerImage> containers(TemplateEvaluator evaluator, ResourceDeclaration resource) {
        String id = resource.logicalId();
        JsonNode definitions = resource.properties().path("ContainerDefinitions");
        if (Intrinsics.functionOf(definitions).isPresent()) {
            try {
                definitions = evaluator.resolve(definitions); // e.g. Fn::If between two lists
            } catch (UnknownValueException | TemplateException e) {
                return List.of(ContainerImage.unknown(id, "*", e.getMessage()));
            }
        }
        List<ContainerImage> images = new ArrayList<>();
        int index = 0;
        for (JsonNode definition : definitions) {
            index++;
            String label = "container " + index;
            try {
                JsonNode container = Intrinsics.functionOf(definition).isPresent() ? evaluator.resolve(definition) : definition;
                if (container.isMissingNode()) {
                    continue; // AWS::NoValue: no such container
                }
                label = name(evaluator, container).orElse(label);
                images.add(image(evaluator, id, label, container.path("Image")));
            } catch (UnknownValueException | TemplateException e) {
                images.add(ContainerImage.unknown(id, label, e.getMessage()));
            }
        }
        return images;
    }

    private static Optional<String> name(TemplateEvaluator evaluator, JsonNode container) {
        try {
            JsonNode name = evaluator.resolve(container.path("Name"));
            return name.isTextual() ? Optional.of(name.textValue()) : Optional.empty();
        } catch (UnknownValueException | TemplateException e) {
            return Optional.empty();
        }
    }

    private static ContainerImage image(TemplateEvaluator evaluator, String id, String container, JsonNode image) {
        if (image.isMissingNode()) {
            return ContainerImage.unknown(id, container, "it has no Image");
        }
        JsonNode value = evaluator.resolve(image);
        if (!value.isTextual()) {
            return ContainerImage.unknown(id, container, "its Image is not a string");
        }
        if (value.textValue().contains("{{resolve:")) {
            // dynamic references are resolved by CloudFormation from SSM or Secrets Manager at update time
            return ContainerImage.unknown(id, container, "its Image uses a dynamic reference: " + value.textValue());
        }
        return ContainerImage.known(id, container, value.textValue());
    }
}
