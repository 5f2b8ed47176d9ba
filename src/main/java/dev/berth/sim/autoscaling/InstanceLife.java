package dev.berth.sim.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.placement.InstanceTypeTable;
import dev.berth.sim.SimWorld;
import dev.berth.sim.ecs.EcsApi;
import dev.berth.sim.http.AwsException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An instance's life as ECS sees it: once booted, its agent registers it with the cluster its user
 * data names; when its group terminates it, a termination hook first drains it in ECS (what the
 * cluster template's drain script does), then it shuts down and leaves the cluster.
 */
final class InstanceLife {
    static final Duration TERMINATION = Duration.ofSeconds(30);
    static final Duration DRAIN_CHECK = Duration.ofSeconds(10);

    private final SimWorld world;
    private final EcsApi ecs;
    private final AgentConfig.StackMetadata metadata;
    /** Termination lifecycle hooks by region|group: how long an instance may take to drain. */
    final Map<String, Duration> hooks = new ConcurrentHashMap<>();

    InstanceLife(SimWorld world, EcsApi ecs, AgentConfig.StackMetadata metadata) {
        this.world = world;
        this.ecs = ecs;
        this.metadata = metadata;
    }

    /** False when the instance was terminated before it booted. */
    boolean boot(SimGroup group, SimInstance instance, String userData, String imageId) {
        if (instance.state != SimInstance.State.PENDING) {
            return false;
        }
        instance.state = SimInstance.State.IN_SERVICE;
        String cluster = AgentConfig.clusterOf(userData, group.region, metadata);
        InstanceTypeTable.Capacity capacity = InstanceTypeTable.of(instance.instanceType).orElseThrow();
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("cluster", cluster);
        input.put("instanceIdentityDocument", JsonNodeFactory.instance.objectNode().put("instanceId", instance.id)
                .put("instanceType", instance.instanceType).put("availabilityZone", instance.availabilityZone)
                .put("region", group.region).put("imageId", imageId).toString());
        ArrayNode resources = input.putArray("totalResources");
        resources.addObject().put("name", "CPU").put("type", "INTEGER").put("integerValue", capacity.cpu());
        resources.addObject().put("name", "MEMORY").put("type", "INTEGER").put("integerValue", capacity.memoryMiB());
        ArrayNode ports = resources.addObject().put("name", "PORTS").put("type", "STRINGSET").putArray("stringSetValue");
        for (String port : List.of("22", "2375", "2376", "51678", "51679")) {
            ports.add(port);
        }
        resources.addObject().put("name", "PORTS_UDP").put("type", "STRINGSET").putArray("stringSetValue");
        try {
            JsonNode registered = ecs.call("RegisterContainerInstance", input, group.region);
            instance.cluster = cluster;
            instance.containerInstanceArn = registered.path("containerInstance").path("containerInstanceArn").asText();
        } catch (AwsException e) {
            // the agent cannot join a cluster that does not exist: the instance runs, outside any cluster
        }
        return true;
    }

    void terminate(SimGroup group, SimInstance instance) {
        instance.state = SimInstance.State.TERMINATING;
        Duration heartbeat = hooks.get(group.region + "|" + group.name);
        if (heartbeat != null && instance.containerInstanceArn != null) {
            drain(group, instance, world.now().plus(heartbeat));
        } else {
            shutDown(group, instance);
        }
    }

    /** What the drain script does: DRAINING, then wait until no task is left (or the heartbeat ends), then terminate. */
    private void drain(SimGroup group, SimInstance instance, java.time.Instant deadline) {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("cluster", instance.cluster).put("status", "DRAINING");
        input.putArray("containerInstances").add(instance.containerInstanceArn);
        try {
            ecs.call("UpdateContainerInstancesState", input, group.region);
        } catch (AwsException e) {
            shutDown(group, instance);
            return;
        }
        world.at(world.now().plus(DRAIN_CHECK), () -> waitUntilEmpty(group, instance, deadline));
    }

    private void waitUntilEmpty(SimGroup group, SimInstance instance, java.time.Instant deadline) {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("cluster", instance.cluster);
        input.putArray("containerInstances").add(instance.containerInstanceArn);
        JsonNode found;
        try {
            found = ecs.call("DescribeContainerInstances", input, group.region).path("containerInstances").path(0);
        } catch (AwsException e) {
            found = JsonNodeFactory.instance.objectNode();
        }
        int left = found.path("runningTasksCount").asInt(0) + found.path("pendingTasksCount").asInt(0);
        if (left == 0 || !world.now().isBefore(deadline)) {
            shutDown(group, instance);
        } else {
            world.at(world.now().plus(DRAIN_CHECK), () -> waitUntilEmpty(group, instance, deadline));
        }
    }

    private void shutDown(SimGroup group, SimInstance instance) {
        world.at(world.now().plus(TERMINATION), () -> {
            if (instance.containerInstanceArn != null) {
                try {
                    ecs.call("DeregisterContainerInstance", JsonNodeFactory.instance.objectNode().put("cluster", instance.cluster)
                            .put("containerInstance", instance.containerInstanceArn).put("force", true), group.region);
                } catch (AwsException e) {
                    // the cluster is gone already
                }
            }
            instance.state = SimInstance.State.TERMINATED;
        });
    }

}
