package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.placement.PlacementConstraint;
import dev.berth.sim.SimWorld;
import dev.berth.sim.http.AwsException;
import dev.berth.sim.http.JsonInput;
import dev.berth.sim.http.Pagination;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Container instances: RegisterContainerInstance (what the ECS agent on an instance calls),
 * DeregisterContainerInstance, ListContainerInstances, DescribeContainerInstances and
 * UpdateContainerInstancesState.
 */
final class ContainerInstancesApi {
    private static final String INVALID = "InvalidParameterException";
    private static final Set<String> LIST_STATUSES = Set.of("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING",
            "REGISTRATION_FAILED");

    private final SimWorld world;
    private final EcsIds ids;
    private final EcsJsonView view;
    private final TaskLifecycle lifecycle;

    ContainerInstancesApi(SimWorld world, EcsIds ids, EcsJsonView view, TaskLifecycle lifecycle) {
        this.world = world;
        this.ids = ids;
        this.view = view;
        this.lifecycle = lifecycle;
    }

    JsonNode register(EcsRegion region, SimCluster cluster, JsonInput in) {
        JsonNode document = identityDocument(in);
        String ec2InstanceId = document.path("instanceId").asText("");
        if (!ec2InstanceId.matches("i-[0-9a-f]{8,17}")) {
            throw in.invalid("instanceIdentityDocument must name an instanceId such as i-0123456789abcdef0, got " + ec2InstanceId);
        }
        for (SimContainerInstance existing : cluster.containerInstances.values()) {
            if (existing.ec2InstanceId.equals(ec2InstanceId)) {
                return view.object().set("containerInstance", view.containerInstance(existing));
            }
        }
        int cpu = integerResource(in, "CPU");
        int memory = integerResource(in, "MEMORY");
        Set<Integer> tcp = ports(in, "PORTS");
        Set<Integer> udp = ports(in, "PORTS_UDP");
        String id = ids.taskId();
        String type = document.path("instanceType").asText("");
        String zone = document.path("availabilityZone").asText(region.name + "a");
        SimContainerInstance instance = new SimContainerInstance(id, region.arn("container-instance/" + cluster.name + "/" + id),
                cluster, ec2InstanceId, type, zone, cpu, memory, tcp, udp, world.now());
        instance.attributes.put("ecs.os-type", "linux");
        instance.attributes.put("ecs.os-family", "LINUX");
        instance.attributes.put("ecs.cpu-architecture", "x86_64");
        instance.attributes.put("ecs.instance-type", type);
        instance.attributes.put("ecs.availability-zone", zone);
        instance.attributes.put("ecs.ami-id", document.path("imageId").asText("ami-00000000000000000"));
        ArrayNode attributes = in.array("attributes");
        if (attributes != null) {
            for (JsonNode attribute : attributes) {
                instance.attributes.put(attribute.path("name").asText(), attribute.path("value").asText(null));
            }
        }
        cluster.containerInstances.put(id, instance);
        cluster.hasRegisteredInstances = true;
        return view.object().set("containerInstance", view.containerInstance(instance));
    }

    JsonNode deregister(SimCluster cluster, JsonInput in) {
        SimContainerInstance instance = find(cluster, in.required("containerInstance"));
        if (instance == null) {
            throw in.invalid("The referenced container instance " + in.required("containerInstance") + " was not found.");
        }
        List<SimTask> tasks = instance.tasks();
        if (!tasks.isEmpty() && !in.bool("force", false)) {
            throw in.invalid("Found running tasks on the instance.");
        }
        for (SimTask task : tasks) {
            lifecycle.stop(task, "TerminationNotice", "Host EC2 (instance " + instance.ec2InstanceId + ") terminated.");
        }
        instance.status = "INACTIVE";
        instance.version++;
        cluster.containerInstances.remove(instance.id);
        return view.object().set("containerInstance", view.containerInstance(instance));
    }

    JsonNode list(SimCluster cluster, JsonInput in) {
        String status = in.string("status");
        if (status != null && !LIST_STATUSES.contains(status)) {
            throw in.invalid("status must be one of " + LIST_STATUSES + ", got " + status);
        }
        PlacementConstraint filter = filter(in);
        List<String> arns = new ArrayList<>();
        for (SimContainerInstance instance : cluster.containerInstances.values()) {
            boolean statusMatches = status == null || status.equals(instance.status);
            if (statusMatches && (filter == null || filter.admits(TaskPlacer.host(instance, null)))) {
                arns.add(instance.arn);
            }
        }
        Pagination.Page<String> page = Pagination.page(arns, in.string("nextToken"), in.integer("maxResults"), 100, 100, INVALID);
        ObjectNode out = view.object();
        ArrayNode list = out.putArray("containerInstanceArns");
        page.items().forEach(list::add);
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    JsonNode describe(EcsRegion region, SimCluster cluster, JsonInput in) {
        List<String> references = references(in);
        ObjectNode out = view.object();
        ArrayNode found = out.putArray("containerInstances");
        ArrayNode failures = out.putArray("failures");
        for (String reference : references) {
            SimContainerInstance instance = find(cluster, reference);
            if (instance == null) {
                failures.add(view.failure(arnOf(region, cluster, reference), "MISSING"));
            } else {
                ObjectNode node = view.containerInstance(instance);
                if (in.strings("include").contains("TAGS")) {
                    node.putArray("tags");
                }
                found.add(node);
            }
        }
        return out;
    }

    JsonNode updateState(EcsRegion region, SimCluster cluster, JsonInput in) {
        List<String> references = references(in);
        String status = in.required("status");
        if (!status.equals("ACTIVE") && !status.equals("DRAINING")) {
            throw in.invalid("Container instances status should be one of [ACTIVE,DRAINING], got " + status);
        }
        ObjectNode out = view.object();
        ArrayNode changed = out.putArray("containerInstances");
        ArrayNode failures = out.putArray("failures");
        for (String reference : references) {
            SimContainerInstance instance = find(cluster, reference);
            if (instance == null) {
                failures.add(view.failure(arnOf(region, cluster, reference), "MISSING"));
                continue;
            }
            if (!instance.status.equals(status)) {
                instance.status = status;
                instance.version++;
            }
            changed.add(view.containerInstance(instance));
        }
        return out;
    }

    private static List<String> references(JsonInput in) {
        List<String> references = in.strings("containerInstances");
        if (references.isEmpty()) {
            throw in.invalid("containerInstances can not be empty.");
        }
        if (references.size() > 100) {
            throw in.invalid("containerInstances can have at most 100 items.");
        }
        return references;
    }

    static SimContainerInstance find(SimCluster cluster, String reference) {
        String id = reference.startsWith("arn:") ? reference.substring(reference.lastIndexOf('/') + 1) : reference;
        SimContainerInstance instance = cluster.containerInstances.get(id);
        return instance != null && reference.startsWith("arn:") && !reference.equals(instance.arn) ? null : instance;
    }

    private static String arnOf(EcsRegion region, SimCluster cluster, String reference) {
        return reference.startsWith("arn:") ? reference : region.arn("container-instance/" + cluster.name + "/" + reference);
    }

    private static PlacementConstraint filter(JsonInput in) {
        String filter = in.string("filter");
        if (filter == null || filter.isBlank()) {
            return null;
        }
        try {
            return new PlacementConstraint("memberOf", filter);
        } catch (IllegalArgumentException e) {
            throw in.invalid("filter: " + e.getMessage());
        }
    }

    private static JsonNode identityDocument(JsonInput in) {
        String text = in.string("instanceIdentityDocument");
        if (text == null || text.isBlank()) {
            throw in.invalid("instanceIdentityDocument is required to register an EC2 instance.");
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw in.invalid("instanceIdentityDocument is not a JSON document.");
        }
    }

    private static int integerResource(JsonInput in, String name) {
        for (JsonNode resource : resources(in)) {
            if (name.equals(resource.path("name").asText())) {
                int value = resource.path("integerValue").asInt(-1);
                if (value <= 0) {
                    throw in.invalid("totalResources " + name + " must be a positive integerValue, got " + resource.path("integerValue"));
                }
                return value;
            }
        }
        throw in.invalid("totalResources must include " + name + ".");
    }

    private static Set<Integer> ports(JsonInput in, String name) {
        Set<Integer> ports = new HashSet<>();
        for (JsonNode resource : resources(in)) {
            if (name.equals(resource.path("name").asText())) {
                for (JsonNode port : resource.path("stringSetValue")) {
                    try {
                        ports.add(Integer.parseInt(port.asText()));
                    } catch (NumberFormatException e) {
                        throw in.invalid("totalResources " + name + " must list port numbers, got " + port.asText());
                    }
                }
            }
        }
        return ports;
    }

    private static JsonNode resources(JsonInput in) {
        ArrayNode resources = in.array("totalResources");
        if (resources == null) {
            throw AwsException.client(INVALID, "totalResources must give the instance's CPU and MEMORY.");
        }
        return resources;
    }
}
