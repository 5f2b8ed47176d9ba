package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.berth.sim.SimVariations;
import dev.berth.sim.ecs.EcsApi;
import dev.berth.sim.http.AwsException;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * AWS::ECS::Service. A create or update completes only when the ECS deployment is stable: the
 * PRIMARY deployment runs the requested task definition, its rollout is COMPLETED and no other
 * deployment is left. When the circuit breaker fails the deployment, the resource fails. Without
 * a breaker an unstable service is waited on for three hours, as CloudFormation does.
 */
final class EcsServiceProvider implements ResourceProvider {
    static final String BREAKER_TRIPPED = "Error occurred during operation 'ECS Deployment Circuit Breaker was triggered'.";
    static final String ALARMS_TRIGGERED = "Error occurred during operation 'ECS Deployment Alarms were triggered'.";
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);
    private static final Duration STABILIZATION_LIMIT = Duration.ofHours(3);
    private static final Set<String> REPLACING = Set.of("ServiceName", "Cluster", "LaunchType", "Role",
            "SchedulingStrategy", "DeploymentController");

    private final EcsApi ecs;
    private final Timing timing;
    private final PhysicalNames names;
    private final SimVariations variations;

    EcsServiceProvider(EcsApi ecs, Timing timing, PhysicalNames names, SimVariations variations) {
        this.ecs = ecs;
        this.timing = timing;
        this.names = names;
        this.variations = variations;
    }

    @Override
    public ResourceOperation create(ResourceRequest request) {
        JsonNode props = request.properties();
        String cluster = props.path("Cluster").asText("default");
        String name = props.path("ServiceName").asText(null);
        String serviceName = name != null ? name : names.generate(request.stackName(), request.logicalId(), 255);
        ObjectNode input = (ObjectNode) ApiShapes.camelCase(props);
        input.put("cluster", cluster);
        input.put("serviceName", serviceName);
        input.remove("tags");
        if (props.has("Tags")) {
            input.set("tags", ApiShapes.camelCase(props.get("Tags")));
        }
        JsonNode created;
        try {
            created = ecs.call("CreateService", input, request.region()).path("service");
        } catch (AwsException e) {
            return timing.after(Duration.ofSeconds(1), ResourceResult.failed(HandlerErrors.of("Ecs", e)));
        }
        String arn = created.path("serviceArn").asText();
        return new Stabilization(request.region(), cluster, arn, serviceName, props.path("TaskDefinition").asText(null),
                primaryId(created).isEmpty() ? Set.of() : Set.of(primaryId(created)));
    }

    @Override
    public ResourceOperation update(ResourceRequest request, ResourceState current) {
        JsonNode props = request.properties();
        JsonNode before = current.properties();
        String name = current.physicalId().substring(current.physicalId().lastIndexOf('/') + 1);
        if (variations.settings().serviceUpdateNotApplied()) {
            // as an emulator that records the stack's change without passing it on to ECS
            return timing.after(Duration.ofSeconds(1), ResourceResult.done(current.physicalId(), Map.<String, JsonNode>of(
                    "Name", TextNode.valueOf(name), "ServiceArn", TextNode.valueOf(current.physicalId()))));
        }
        String cluster = props.path("Cluster").asText("default");
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("cluster", cluster).put("service", current.physicalId());
        JsonNode api = ApiShapes.camelCase(props);
        for (String property : new String[] {"TaskDefinition", "DesiredCount", "DeploymentConfiguration",
                "HealthCheckGracePeriodSeconds", "PlatformVersion", "EnableExecuteCommand"}) {
            if (props.has(property)) {
                input.set(lowerFirst(property), api.get(lowerFirst(property)));
            }
        }
        // these start a new deployment on ECS, so they are sent only when they change
        for (String property : new String[] {"NetworkConfiguration", "LoadBalancers"}) {
            if (props.has(property) && !props.get(property).equals(before.get(property))) {
                input.set(lowerFirst(property), api.get(lowerFirst(property)));
            }
        }
        String previous = primaryId(describe(request.region(), cluster, current.physicalId()));
        JsonNode updated;
        try {
            updated = ecs.call("UpdateService", input, request.region()).path("service");
        } catch (AwsException e) {
            return timing.after(Duration.ofSeconds(1), ResourceResult.failed(HandlerErrors.of("Ecs", e)));
        }
        String after = primaryId(updated);
        // an update that changes nothing ECS deploys starts no deployment: there is nothing of its own to judge
        Set<String> started = after.isEmpty() || after.equals(previous) ? Set.of() : Set.of(after);
        return new Stabilization(request.region(), cluster, current.physicalId(), name, props.path("TaskDefinition").asText(null),
                started);
    }

    @Override
    public ResourceOperation delete(ResourceState current) {
        String cluster = current.properties().path("Cluster").asText("default");
        try {
            ecs.call("DeleteService", JsonNodeFactory.instance.objectNode().put("cluster", cluster)
                    .put("service", current.physicalId()).put("force", true), current.region());
        } catch (AwsException e) {
            if (!"ServiceNotFoundException".equals(e.code()) && !"ClusterNotFoundException".equals(e.code())) {
                return timing.after(Duration.ofSeconds(1), ResourceResult.failed(HandlerErrors.of("Ecs", e)));
            }
            return timing.after(Duration.ofSeconds(1), ResourceResult.done(current.physicalId(), Map.of()));
        }
        return new Draining(current.region(), cluster, current.physicalId());
    }

    @Override
    public boolean replacesOn(String property) {
        return REPLACING.contains(property);
    }

    private static String primaryId(JsonNode service) {
        return service.path("deployments").path(0).path("id").asText("");
    }

    private static String lowerFirst(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private JsonNode describe(String region, String cluster, String service) {
        JsonNode response = ecs.call("DescribeServices", JsonNodeFactory.instance.objectNode().put("cluster", cluster)
                .set("services", JsonNodeFactory.instance.arrayNode().add(service)), region);
        return response.path("services").path(0);
    }

    /** Asks ECS every few seconds whether the service is stable on the requested task definition. */
    private final class Stabilization implements ResourceOperation {
        private final String region;
        private final String cluster;
        private final String arn;
        private final String name;
        private final String taskDefinition;
        private final Set<String> started;
        private final Instant giveUpAt;
        private Instant nextCheck;

        Stabilization(String region, String cluster, String arn, String name, String taskDefinition, Set<String> started) {
            this.started = started;
            this.region = region;
            this.cluster = cluster;
            this.arn = arn;
            this.name = name;
            this.taskDefinition = taskDefinition;
            this.giveUpAt = timing.now().plus(STABILIZATION_LIMIT);
            this.nextCheck = timing.now().plus(CHECK_INTERVAL);
            timing.wakeAt(nextCheck);
        }

        @Override
        public Optional<ResourceResult> poll(Instant now) {
            if (now.isBefore(nextCheck)) {
                return Optional.empty();
            }
            JsonNode service = describe(region, cluster, arn);
            ServiceStability.State state = ServiceStability.judge(started, service, taskDefinition);
            if (state == ServiceStability.State.FAILED) {
                String message = ServiceStability.failedByAlarms(service) ? ALARMS_TRIGGERED : BREAKER_TRIPPED;
                return Optional.of(ResourceResult.failed(HandlerErrors.handlerMessage(message, "GeneralServiceException")));
            }
            if (state == ServiceStability.State.STABLE) {
                return Optional.of(ResourceResult.done(arn, Map.<String, JsonNode>of(
                        "Name", TextNode.valueOf(name), "ServiceArn", TextNode.valueOf(arn))));
            }
            if (!now.isBefore(giveUpAt)) {
                return Optional.of(ResourceResult.failed(HandlerErrors.handlerMessage("Resource of type 'AWS::ECS::Service' with identifier '"
                        + arn + "' did not stabilize.", "NotStabilized")));
            }
            nextCheck = now.plus(CHECK_INTERVAL);
            timing.wakeAt(nextCheck);
            return Optional.empty();
        }
    }

    /** Waits until a deleted service has drained its tasks and become INACTIVE. */
    private final class Draining implements ResourceOperation {
        private final String region;
        private final String cluster;
        private final String arn;
        private Instant nextCheck;

        Draining(String region, String cluster, String arn) {
            this.region = region;
            this.cluster = cluster;
            this.arn = arn;
            this.nextCheck = timing.now().plus(CHECK_INTERVAL);
            timing.wakeAt(nextCheck);
        }

        @Override
        public Optional<ResourceResult> poll(Instant now) {
            if (now.isBefore(nextCheck)) {
                return Optional.empty();
            }
            JsonNode service = describe(region, cluster, arn);
            if (service.isMissingNode() || "INACTIVE".equals(service.path("status").asText())) {
                return Optional.of(ResourceResult.done(arn, Map.of()));
            }
            nextCheck = now.plus(CHECK_INTERVAL);
            timing.wakeAt(nextCheck);
            return Optional.empty();
        }
    }
}
