package dev.berth.sim.autoscaling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.SimWorld;
import dev.berth.sim.http.AwsException;
import dev.berth.sim.http.AwsQueryService;
import dev.berth.sim.http.Pagination;
import dev.berth.sim.http.QueryInput;
import dev.berth.sim.http.RequestContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Amazon EC2 Auto Scaling over awsQuery: the calls that read groups and their instances, set a
 * group's desired capacity, terminate one instance, and suspend and resume a group's processes. Groups themselves are made by CloudFormation.
 */
public final class AutoScalingApi implements AwsQueryService {
    private static final Set<String> MUTATING = Set.of("SetDesiredCapacity", "TerminateInstanceInAutoScalingGroup",
            "SuspendProcesses", "ResumeProcesses");

    private final SimWorld world;
    private final AutoScalingBackend backend;

    public AutoScalingApi(SimWorld world, AutoScalingBackend backend) {
        this.world = world;
        this.backend = backend;
    }

    @Override
    public String signingName() {
        return "autoscaling";
    }

    @Override
    public String version() {
        return "2011-01-01";
    }

    @Override
    public String xmlNamespace() {
        return "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    }

    @Override
    public boolean isMutating(String action) {
        return MUTATING.contains(action);
    }

    @Override
    public ObjectNode handle(String action, QueryInput input, RequestContext context) {
        return world.step(() -> switch (action) {
            case "DescribeAutoScalingGroups" -> describeGroups(input, context);
            case "DescribeAutoScalingInstances" -> describeInstances(input, context);
            case "SetDesiredCapacity" -> setDesiredCapacity(input, context);
            case "TerminateInstanceInAutoScalingGroup" -> terminate(input, context);
            case "SuspendProcesses" -> {
                backend.suspendProcesses(context.region(), input.required("AutoScalingGroupName"), input.strings("ScalingProcesses"));
                yield null;
            }
            case "ResumeProcesses" -> {
                backend.resumeProcesses(context.region(), input.required("AutoScalingGroupName"), input.strings("ScalingProcesses"));
                yield null;
            }
            default -> throw AwsException.client("InvalidAction", "Could not find operation " + action + " for version 2011-01-01");
        });
    }

    private ObjectNode describeGroups(QueryInput input, RequestContext context) {
        List<String> names = input.strings("AutoScalingGroupNames");
        if (input.has("Filters")) {
            throw AwsException.client("ValidationError", "The simulator does not filter groups by tag; name them in AutoScalingGroupNames");
        }
        List<SimGroup> matched = backend.groups(context.region()).stream()
                .filter(g -> names.isEmpty() || names.contains(g.name)).toList();
        Pagination.Page<SimGroup> page = Pagination.page(matched, input.string("NextToken"), input.integer("MaxRecords"),
                50, 100, "ValidationError");
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode groups = result.putArray("AutoScalingGroups");
        boolean withInstances = input.bool("IncludeInstances", true);
        for (SimGroup group : page.items()) {
            groups.add(group(group, context, withInstances));
        }
        result.put("NextToken", page.nextToken());
        return result;
    }

    private ObjectNode group(SimGroup group, RequestContext context, boolean withInstances) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("AutoScalingGroupName", group.name);
        node.put("AutoScalingGroupARN", "arn:aws:autoscaling:" + group.region + ":" + context.accountId() + ":autoScalingGroup:"
                + UUID.nameUUIDFromBytes((group.region + "|" + group.name).getBytes(StandardCharsets.UTF_8))
                + ":autoScalingGroupName/" + group.name);
        if (group.source.configurationName() != null) {
            node.put("LaunchConfigurationName", group.source.configurationName());
        } else {
            node.set("LaunchTemplate", template(group, group.source.version()));
        }
        node.put("MinSize", group.minSize);
        node.put("MaxSize", group.maxSize);
        node.put("DesiredCapacity", group.desiredCapacity);
        node.put("DefaultCooldown", 300);
        ArrayNode zones = node.putArray("AvailabilityZones");
        group.zones.forEach(zones::add);
        node.put("HealthCheckType", "EC2");
        node.put("HealthCheckGracePeriod", 300);
        if (withInstances) {
            ArrayNode instances = node.putArray("Instances");
            for (SimInstance instance : listed(group)) {
                ObjectNode item = instances.addObject();
                instanceFields(item, group, instance);
            }
        }
        node.put("CreatedTime", group.createdTime.toString());
        ArrayNode suspended = node.putArray("SuspendedProcesses");
        group.suspended.forEach((process, reason) -> suspended.addObject().put("ProcessName", process).put("SuspensionReason", reason));
        return node;
    }

    private ObjectNode describeInstances(QueryInput input, RequestContext context) {
        List<String> ids = input.strings("InstanceIds");
        List<Owned> matched = new ArrayList<>();
        for (SimGroup group : backend.groups(context.region())) {
            for (SimInstance instance : listed(group)) {
                if (ids.isEmpty() || ids.contains(instance.id)) {
                    matched.add(new Owned(group, instance));
                }
            }
        }
        Pagination.Page<Owned> page = Pagination.page(matched, input.string("NextToken"), input.integer("MaxRecords"),
                50, 50, "ValidationError");
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode list = result.putArray("AutoScalingInstances");
        for (Owned owned : page.items()) {
            ObjectNode item = list.addObject();
            item.put("AutoScalingGroupName", owned.group().name);
            instanceFields(item, owned.group(), owned.instance());
        }
        result.put("NextToken", page.nextToken());
        return result;
    }

    private record Owned(SimGroup group, SimInstance instance) {
    }

    private ObjectNode setDesiredCapacity(QueryInput input, RequestContext context) {
        String name = input.required("AutoScalingGroupName");
        Integer desired = input.integer("DesiredCapacity");
        if (desired == null) {
            throw AwsException.client("ValidationError", "1 validation error detected: Value null at 'desiredCapacity' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        backend.setDesiredCapacity(context.region(), name, desired);
        return null;
    }

    private ObjectNode terminate(QueryInput input, RequestContext context) {
        String id = input.required("InstanceId");
        if (!input.has("ShouldDecrementDesiredCapacity")) {
            throw AwsException.client("ValidationError", "1 validation error detected: Value null at 'shouldDecrementDesiredCapacity' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        boolean decrement = input.bool("ShouldDecrementDesiredCapacity", false);
        Owned owned = owner(context.region(), id).orElseThrow(() -> AwsException.client("ValidationError",
                "Instance Id not found - No managed instance found for instance ID: " + id));
        SimGroup group = owned.group();
        int before = group.desiredCapacity;
        if (decrement && before <= group.minSize) {
            throw AwsException.client("ValidationError", "Currently, desiredSize equals minSize (" + group.minSize
                    + "). Terminating instance without replacement will violate group's min size constraint. Either set "
                    + "shouldDecrementDesiredCapacity flag to false or lower group's min size.");
        }
        backend.terminateInstance(context.region(), group.name, id, decrement);
        ObjectNode activity = JsonNodeFactory.instance.objectNode();
        activity.put("ActivityId", UUID.randomUUID().toString());
        activity.put("AutoScalingGroupName", group.name);
        activity.put("Description", "Terminating EC2 instance: " + id);
        activity.put("Cause", "At " + world.now() + ", instance " + id + " was taken out of service in response to a user request"
                + (decrement ? ", shrinking the capacity from " + before + " to " + group.desiredCapacity + "." : "."));
        activity.put("StartTime", world.now().toString());
        activity.put("StatusCode", "InProgress");
        activity.put("Progress", 0);
        activity.put("Details", "{\"Subnet ID\":\"\",\"Availability Zone\":\"" + owned.instance().availabilityZone + "\"}");
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("Activity", activity);
        return result;
    }

    private Optional<Owned> owner(String region, String instanceId) {
        for (SimGroup group : backend.groups(region)) {
            for (SimInstance instance : group.live()) {
                if (instance.id.equals(instanceId)) {
                    return Optional.of(new Owned(group, instance));
                }
            }
        }
        return Optional.empty();
    }

    /** What the group still lists: terminated instances leave it. */
    private static List<SimInstance> listed(SimGroup group) {
        return group.instances.stream().filter(i -> i.state != SimInstance.State.TERMINATED).toList();
    }

    private void instanceFields(ObjectNode item, SimGroup group, SimInstance instance) {
        item.put("InstanceId", instance.id);
        item.put("InstanceType", instance.instanceType);
        item.put("AvailabilityZone", instance.availabilityZone);
        item.put("LifecycleState", lifecycleState(group, instance));
        item.put("HealthStatus", "Healthy");
        if (group.source.configurationName() != null) {
            item.put("LaunchConfigurationName", instance.launchVersion);
        } else {
            item.set("LaunchTemplate", template(group, instance.launchVersion));
        }
        item.put("ProtectedFromScaleIn", false);
    }

    private String lifecycleState(SimGroup group, SimInstance instance) {
        return switch (instance.state) {
            case PENDING -> "Pending";
            case IN_SERVICE -> "InService";
            case TERMINATING -> backend.hasTerminationHook(group) && instance.containerInstanceArn != null
                    ? "Terminating:Wait" : "Terminating";
            case TERMINATED -> "Terminated";
        };
    }

    private ObjectNode template(SimGroup group, String version) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("LaunchTemplateId", group.source.templateId());
        backend.templateName(group.source.templateId()).ifPresent(name -> node.put("LaunchTemplateName", name));
        node.put("Version", version);
        return node;
    }
}
