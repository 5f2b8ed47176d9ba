package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.berth.sim.ecs.EcsApi;

import java.time.Duration;
import java.util.Map;

/**
 * AWS::ECS::TaskDefinition: every change registers a new revision (replacement); deleting
 * deregisters it. Ref and GetAtt TaskDefinitionArn are the revision's ARN.
 */
final class EcsTaskDefinitionProvider implements ResourceProvider {
    private final EcsApi ecs;
    private final Timing timing;
    private final PhysicalNames names;

    EcsTaskDefinitionProvider(EcsApi ecs, Timing timing, PhysicalNames names) {
        this.ecs = ecs;
        this.timing = timing;
        this.names = names;
    }

    @Override
    public ResourceOperation create(ResourceRequest request) {
        return timing.perform("Ecs", Duration.ofSeconds(1), () -> {
            ObjectNode input = (ObjectNode) ApiShapes.camelCase(request.properties());
            if (!input.hasNonNull("family")) {
                input.put("family", names.generate(request.stackName(), request.logicalId(), 255));
            }
            String arn = ecs.call("RegisterTaskDefinition", input, request.region())
                    .path("taskDefinition").path("taskDefinitionArn").asText();
            return ResourceResult.done(arn, Map.<String, JsonNode>of("TaskDefinitionArn", TextNode.valueOf(arn)));
        });
    }

    @Override
    public ResourceOperation update(ResourceRequest request, ResourceState current) {
        return create(request); // never in place: replacesOn is true for every property
    }

    @Override
    public ResourceOperation delete(ResourceState current) {
        return timing.perform("Ecs", Duration.ofSeconds(1), () -> {
            ecs.call("DeregisterTaskDefinition", JsonNodeFactory.instance.objectNode()
                    .put("taskDefinition", current.physicalId()), current.region());
            return ResourceResult.done(current.physicalId(), Map.of());
        });
    }

    @Override
    public boolean replacesOn(String property) {
        return true;
    }
}
