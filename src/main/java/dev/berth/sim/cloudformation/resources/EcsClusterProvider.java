package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.berth.sim.ecs.EcsApi;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** AWS::ECS::Cluster: Ref is the cluster name; GetAtt Arn. */
final class EcsClusterProvider implements ResourceProvider {
    private final EcsApi ecs;
    private final Timing timing;
    private final PhysicalNames names;

    EcsClusterProvider(EcsApi ecs, Timing timing, PhysicalNames names) {
        this.ecs = ecs;
        this.timing = timing;
        this.names = names;
    }

    @Override
    public ResourceOperation create(ResourceRequest request) {
        String name = request.properties().path("ClusterName").asText(null);
        String clusterName = name != null ? name : names.generate(request.stackName(), request.logicalId(), 255);
        return timing.perform("Ecs", Duration.ofSeconds(2), () -> {
            ObjectNode input = JsonNodeFactory.instance.objectNode().put("clusterName", clusterName);
            copy(request.properties(), input);
            JsonNode cluster = ecs.call("CreateCluster", input, request.region()).path("cluster");
            return ResourceResult.done(clusterName, Map.of("Arn", cluster.path("clusterArn")));
        });
    }

    @Override
    public ResourceOperation update(ResourceRequest request, ResourceState current) {
        return timing.after(Duration.ofSeconds(1), ResourceResult.done(current.physicalId(), current.attributes()));
    }

    @Override
    public ResourceOperation delete(ResourceState current) {
        return timing.perform("Ecs", Duration.ofSeconds(2), () -> {
            ecs.call("DeleteCluster", JsonNodeFactory.instance.objectNode().put("cluster", current.physicalId()), current.region());
            return ResourceResult.done(current.physicalId(), Map.of());
        });
    }

    @Override
    public boolean replacesOn(String property) {
        return Set.of("ClusterName").contains(property);
    }

    private static void copy(JsonNode properties, ObjectNode input) {
        if (properties.has("Tags")) {
            input.set("tags", ApiShapes.camelCase(properties.get("Tags")));
        }
        if (properties.has("ClusterSettings")) {
            input.set("settings", ApiShapes.camelCase(properties.get("ClusterSettings")));
        }
    }

    static TextNode text(String value) {
        return TextNode.valueOf(value);
    }
}
