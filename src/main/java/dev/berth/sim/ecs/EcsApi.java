package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.SimWorld;
import dev.berth.sim.http.AwsException;
import dev.berth.sim.http.AwsJsonService;
import dev.berth.sim.http.JsonInput;
import dev.berth.sim.http.Pagination;
import dev.berth.sim.http.RequestContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/** Amazon ECS over awsJson1_1: clusters, task definitions, services, tasks and service deployments. */
public final class EcsApi implements AwsJsonService {
    private static final String INVALID = "InvalidParameterException";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final Set<String> MUTATING = Set.of("CreateCluster", "DeleteCluster", "RegisterTaskDefinition",
            "DeregisterTaskDefinition", "CreateService", "UpdateService", "DeleteService", "StopTask",
            "RegisterContainerInstance", "DeregisterContainerInstance", "UpdateContainerInstancesState");

    private final SimWorld world;
    private final EcsIds ids;
    private final EcsJsonView view;
    private final TaskLifecycle lifecycle;
    private final RollingScheduler scheduler;
    private final ContainerInstancesApi containerInstances;
    private final DeploymentAlarmWatch alarmWatch = new DeploymentAlarmWatch();
    private final ImageFaults imageFaults;
    private final LoadBalancing loadBalancing;
    private final String accountId;
    private final Map<String, EcsRegion> regions = new ConcurrentHashMap<>();
    private final List<RolloutRecord> rollouts = new CopyOnWriteArrayList<>();

    public EcsApi(SimWorld world, ObjectMapper json, java.util.Random random, TaskTimings timings,
                  ImageFaults imageFaults, String accountId) {
        this(world, json, random, timings, imageFaults, accountId, LoadBalancing.NONE, ImageRegistry.NONE);
    }

    public EcsApi(SimWorld world, ObjectMapper json, java.util.Random random, TaskTimings timings,
                  ImageFaults imageFaults, String accountId, LoadBalancing loadBalancing, ImageRegistry registry) {
        this.world = world;
        this.ids = new EcsIds(random);
        this.view = new EcsJsonView(json);
        this.imageFaults = imageFaults;
        this.accountId = accountId;
        this.loadBalancing = loadBalancing;
        this.lifecycle = new TaskLifecycle(world, timings, imageFaults, ids, loadBalancing, registry);
        this.scheduler = new RollingScheduler(world, lifecycle, ids, rollouts::add, alarmWatch);
        this.containerInstances = new ContainerInstancesApi(world, ids, view, lifecycle);
        world.addReaction(this::reconcileAll);
    }

    @Override
    public String targetPrefix() {
        return "AmazonEC2ContainerServiceV20141113";
    }

    @Override
    public String signingName() {
        return "ecs";
    }

    @Override
    public boolean isMutating(String operation) {
        return MUTATING.contains(operation);
    }

    /** Lets ECS read CloudWatch alarms, for deployments that watch them. */
    public void watchAlarms(AlarmStates states) {
        alarmWatch.use(states);
    }

    /** The metrics services publish (CPU, memory, their targets' 5xx answers) and clusters' reservation. */
    public dev.berth.sim.cloudwatch.MetricSource metricSource() {
        return new EcsMetrics(regions.values(), loadBalancing);
    }

    public ImageFaults imageFaults() {
        return imageFaults;
    }

    /** Every deployment that reached COMPLETED or FAILED, in order. */
    public List<RolloutRecord> rollouts() {
        world.advance();
        return List.copyOf(rollouts);
    }

    /** A cluster's CPUReservation and MemoryReservation now, for the metrics the simulator publishes. */
    public java.util.Optional<ClusterReservation> clusterReservation(String region, String clusterName) {
        return world.step(() -> {
            SimCluster cluster = regionState(region).clusters.get(clusterName);
            return cluster == null ? java.util.Optional.<ClusterReservation>empty()
                    : ClusterReservation.of(cluster.containerInstances.values());
        });
    }

    /** The state of one region, for the simulator's own tests. */
    EcsRegion regionState(String region) {
        return regions.computeIfAbsent(region, r -> new EcsRegion(r, accountId));
    }

    @Override
    public JsonNode handle(String operation, ObjectNode input, RequestContext context) {
        return world.step(() -> dispatch(operation, input, context.region()));
    }

    /**
     * Carries out an operation for another part of the simulator (CloudFormation's resource
     * providers), which already runs inside a step of the world.
     */
    public JsonNode call(String operation, ObjectNode input, String region) {
        return dispatch(operation, input, region);
    }

    private JsonNode dispatch(String operation, ObjectNode input, String regionName) {
        JsonInput in = new JsonInput(input, INVALID);
        EcsRegion region = regions.computeIfAbsent(regionName, r -> new EcsRegion(r, accountId));
        return switch (operation) {
            case "CreateCluster" -> createCluster(region, in);
            case "DescribeClusters" -> describeClusters(region, in);
            case "ListClusters" -> listClusters(region, in);
            case "DeleteCluster" -> deleteCluster(region, in);
            case "RegisterTaskDefinition" -> registerTaskDefinition(region, in);
            case "DescribeTaskDefinition" -> describeTaskDefinition(region, in);
            case "ListTaskDefinitions" -> listTaskDefinitions(region, in);
            case "ListTaskDefinitionFamilies" -> listTaskDefinitionFamilies(region, in);
            case "DeregisterTaskDefinition" -> deregisterTaskDefinition(region, in);
            case "CreateService" -> createService(region, in);
            case "UpdateService" -> updateService(region, in);
            case "DescribeServices" -> describeServices(region, in);
            case "ListServices" -> listServices(region, in);
            case "DeleteService" -> deleteService(region, in);
            case "ListTasks" -> listTasks(region, in);
            case "DescribeTasks" -> describeTasks(region, in);
            case "StopTask" -> stopTask(region, in);
            case "ListServiceDeployments" -> listServiceDeployments(region, in);
            case "DescribeServiceDeployments" -> describeServiceDeployments(region, in);
            case "DescribeServiceRevisions" -> describeServiceRevisions(region, in);
            case "RegisterContainerInstance" -> containerInstances.register(region, cluster(region, in.string("cluster", "default")), in);
            case "DeregisterContainerInstance" -> containerInstances.deregister(cluster(region, in.string("cluster", "default")), in);
            case "ListContainerInstances" -> containerInstances.list(cluster(region, in.string("cluster", "default")), in);
            case "DescribeContainerInstances" -> containerInstances.describe(region, cluster(region, in.string("cluster", "default")), in);
            case "UpdateContainerInstancesState" ->
                    containerInstances.updateState(region, cluster(region, in.string("cluster", "default")), in);
            default -> throw AwsException.client("UnknownOperationException",
                    "The simulator does not implement ECS " + operation);
        };
    }

    private void reconcileAll() {
        for (EcsRegion region : regions.values()) {
            for (SimService service : region.services()) {
                scheduler.reconcile(region, service);
            }
        }
    }

    // ---- clusters ----

    private JsonNode createCluster(EcsRegion region, JsonInput in) {
        String name = in.string("clusterName", "default");
        requireName("Cluster", name);
        SimCluster cluster = region.clusters.get(name);
        if (cluster == null || !cluster.active()) {
            cluster = new SimCluster(name, region.arn("cluster/" + name), region.name, world.now());
            cluster.tags = in.array("tags");
            cluster.settings = in.array("settings");
            region.clusters.put(name, cluster);
        }
        return view.object().set("cluster", view.cluster(cluster));
    }

    private JsonNode describeClusters(EcsRegion region, JsonInput in) {
        List<String> names = in.strings("clusters");
        if (names.isEmpty()) {
            names = List.of("default");
        }
        if (names.size() > 100) {
            throw in.invalid("clusters can have at most 100 items.");
        }
        ObjectNode out = view.object();
        ArrayNode clusters = out.putArray("clusters");
        ArrayNode failures = out.putArray("failures");
        for (String reference : names) {
            SimCluster cluster = region.clusters.get(clusterName(reference));
            if (cluster == null) {
                failures.add(view.failure(reference.startsWith("arn:") ? reference : region.arn("cluster/" + reference), "MISSING"));
            } else {
                clusters.add(view.cluster(cluster));
            }
        }
        return out;
    }

    private JsonNode listClusters(EcsRegion region, JsonInput in) {
        List<String> arns = region.clusters.values().stream().filter(SimCluster::active).map(c -> c.arn).toList();
        Pagination.Page<String> page = Pagination.page(arns, in.string("nextToken"), in.integer("maxResults"), 100, 100, INVALID);
        ObjectNode out = view.object();
        ArrayNode list = out.putArray("clusterArns");
        page.items().forEach(list::add);
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private JsonNode deleteCluster(EcsRegion region, JsonInput in) {
        SimCluster cluster = cluster(region, in.required("cluster"));
        if (cluster.services.values().stream().anyMatch(s -> !"INACTIVE".equals(s.status))) {
            throw AwsException.client("ClusterContainsServicesException",
                    "The Cluster cannot be deleted while Services are active.");
        }
        if (cluster.tasks.values().stream().anyMatch(t -> !t.stopped())) {
            throw AwsException.client("ClusterContainsTasksException",
                    "The Cluster cannot be deleted while Tasks are active.");
        }
        cluster.status = "INACTIVE";
        ObjectNode out = view.object();
        out.set("cluster", view.cluster(cluster));
        region.clusters.remove(cluster.name);
        return out;
    }

    // ---- task definitions ----

    private JsonNode registerTaskDefinition(EcsRegion region, JsonInput in) {
        String family = in.string("family");
        if (family == null || family.isEmpty()) {
            throw AwsException.client("ClientException", "Family cannot be blank.");
        }
        if (!NAME.matcher(family).matches()) {
            throw AwsException.client("ClientException",
                    "Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.");
        }
        ArrayNode containers = in.array("containerDefinitions");
        if (containers == null || containers.isEmpty()) {
            throw AwsException.client("ClientException", "Container list cannot be empty.");
        }
        Set<String> names = new java.util.HashSet<>();
        for (JsonNode container : containers) {
            String name = container.path("name").asText("");
            if (name.isEmpty()) {
                throw AwsException.client("ClientException", "Container.name should not be null or empty.");
            }
            if (container.path("image").asText("").isEmpty()) {
                throw AwsException.client("ClientException", "Container.image should not be null or empty.");
            }
            if (!names.add(name)) {
                throw AwsException.client("ClientException", "Duplicate container name: " + name);
            }
        }
        boolean anyEssential = false;
        for (JsonNode container : containers) {
            anyEssential |= container.path("essential").asBoolean(true);
        }
        if (!anyEssential) {
            throw AwsException.client("ClientException", "Essential container not found.");
        }
        List<SimTaskDefinition> revisions = region.revisions(family);
        int revision = revisions.size() + 1;
        String arn = region.arn("task-definition/" + family + ":" + revision);
        ObjectNode registered = in.node().deepCopy();
        TaskSize.normalise(registered);
        SimTaskDefinition definition = new SimTaskDefinition(arn, family, revision, registered, world.now());
        revisions.add(definition);
        ObjectNode out = view.object();
        out.set("taskDefinition", view.taskDefinition(definition));
        out.set("tags", view.tagsOrEmpty(in.array("tags")));
        return out;
    }

    private JsonNode describeTaskDefinition(EcsRegion region, JsonInput in) {
        SimTaskDefinition definition = findTaskDefinition(region, in.required("taskDefinition"), false);
        if (definition == null) {
            throw AwsException.client("ClientException", "Unable to describe task definition.");
        }
        ObjectNode out = view.object();
        out.set("taskDefinition", view.taskDefinition(definition));
        if (in.strings("include").contains("TAGS")) {
            out.set("tags", view.tagsOrEmpty(definition.registered.get("tags")));
        }
        return out;
    }

    private JsonNode listTaskDefinitions(EcsRegion region, JsonInput in) {
        String prefix = in.string("familyPrefix");
        String status = in.string("status", "ACTIVE");
        boolean descending = "DESC".equals(in.string("sort", "ASC"));
        List<SimTaskDefinition> all = new ArrayList<>();
        region.families.forEach((family, revisions) -> {
            if (prefix == null || family.equals(prefix)) {
                for (SimTaskDefinition d : revisions) {
                    if (status.equals(d.status)) {
                        all.add(d);
                    }
                }
            }
        });
        Comparator<SimTaskDefinition> order = Comparator.comparing((SimTaskDefinition d) -> d.family)
                .thenComparingInt(d -> d.revision);
        all.sort(descending ? order.reversed() : order);
        Pagination.Page<SimTaskDefinition> page = Pagination.page(all, in.string("nextToken"), in.integer("maxResults"), 100, 100, INVALID);
        ObjectNode out = view.object();
        ArrayNode arns = out.putArray("taskDefinitionArns");
        page.items().forEach(d -> arns.add(d.arn));
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private JsonNode listTaskDefinitionFamilies(EcsRegion region, JsonInput in) {
        String prefix = in.string("familyPrefix", "");
        List<String> families = region.families.keySet().stream().filter(f -> f.startsWith(prefix)).toList();
        Pagination.Page<String> page = Pagination.page(families, in.string("nextToken"), in.integer("maxResults"), 100, 100, INVALID);
        ObjectNode out = view.object();
        ArrayNode list = out.putArray("families");
        page.items().forEach(list::add);
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private JsonNode deregisterTaskDefinition(EcsRegion region, JsonInput in) {
        String reference = in.required("taskDefinition");
        String familyRevision = reference.startsWith("arn:") ? reference.substring(reference.indexOf('/') + 1) : reference;
        if (!familyRevision.contains(":")) {
            throw AwsException.client("ClientException", "Invalid revision number. Number: " + familyRevision);
        }
        SimTaskDefinition definition = findTaskDefinition(region, reference, true);
        if (definition == null) {
            throw AwsException.client("ClientException", "The specified task definition does not exist.");
        }
        if (definition.active()) {
            definition.status = "INACTIVE";
            definition.deregisteredAt = world.now();
        }
        return view.object().set("taskDefinition", view.taskDefinition(definition));
    }

    /** Finds "family", "family:revision" or an ARN; a bare family means its latest ACTIVE revision. */
    private SimTaskDefinition findTaskDefinition(EcsRegion region, String reference, boolean includeInactive) {
        String familyRevision = reference;
        if (reference.startsWith("arn:")) {
            int slash = reference.indexOf('/');
            if (slash < 0 || !reference.startsWith(region.arn("task-definition/"))) {
                return null;
            }
            familyRevision = reference.substring(slash + 1);
        }
        int colon = familyRevision.lastIndexOf(':');
        List<SimTaskDefinition> revisions = region.families.get(colon < 0 ? familyRevision : familyRevision.substring(0, colon));
        if (revisions == null) {
            return null;
        }
        if (colon < 0) {
            for (int i = revisions.size() - 1; i >= 0; i--) {
                if (revisions.get(i).active()) {
                    return revisions.get(i);
                }
            }
            return null;
        }
        int revision;
        try {
            revision = Integer.parseInt(familyRevision.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        return revision >= 1 && revision <= revisions.size() ? revisions.get(revision - 1) : null;
    }

    // ---- services ----

    private JsonNode createService(EcsRegion region, JsonInput in) {
        SimCluster cluster = cluster(region, in.string("cluster", "default"));
        String name = in.required("serviceName");
        requireName("Service name", name);
        String clientToken = in.string("clientToken");
        SimService existing = cluster.services.get(name);
        if (existing != null && !"INACTIVE".equals(existing.status)) {
            if (clientToken != null && clientToken.equals(existing.clientToken)) {
                return view.object().set("service", view.service(existing));
            }
            throw in.invalid("Creation of service was not idempotent.");
        }
        if (in.has("deploymentController") && !"ECS".equals(in.object("deploymentController").string("type", "ECS"))) {
            throw in.invalid("The simulator supports the rolling update (ECS) deployment controller only.");
        }
        if ("DAEMON".equals(in.string("schedulingStrategy"))) {
            throw in.invalid("The simulator supports the REPLICA scheduling strategy only.");
        }
        SimTaskDefinition definition = requireTaskDefinition(region, in.required("taskDefinition"));
        int desired = in.integer("desiredCount", 0);
        if (desired < 0) {
            throw in.invalid("desiredCount must be at least 0, got " + desired);
        }
        DeploymentSettings settings = deploymentSettings(in.object("deploymentConfiguration"), DeploymentSettings.DEFAULT, in);
        requireTargetGroups(region, in.array("loadBalancers"), in);
        String launchType = in.string("launchType", "EC2");
        SimService service = new SimService(name, region.arn("service/" + cluster.name + "/" + name), cluster,
                world.now(), launchType, clientToken);
        service.desiredCount = desired;
        service.settings = settings;
        service.loadBalancers = in.array("loadBalancers");
        service.networkConfiguration = in.node().get("networkConfiguration");
        service.healthCheckGracePeriodSeconds = in.integer("healthCheckGracePeriodSeconds");
        service.tags = in.array("tags");
        service.propagateTags = in.string("propagateTags");
        service.enableEcsManagedTags = in.bool("enableECSManagedTags", false);
        placement(service, in);
        cluster.services.put(name, service);
        startDeployment(region, service, definition);
        return view.object().set("service", view.service(service));
    }

    private JsonNode updateService(EcsRegion region, JsonInput in) {
        SimCluster cluster = cluster(region, in.string("cluster", "default"));
        SimService service = findService(cluster, in.required("service"));
        if (service == null) {
            throw AwsException.client("ServiceNotFoundException", "Service not found.");
        }
        if (!service.active()) {
            throw AwsException.client("ServiceNotActiveException", "Service was not ACTIVE.");
        }
        SimTaskDefinition definition = in.has("taskDefinition")
                ? requireTaskDefinition(region, in.required("taskDefinition")) : service.primary().taskDefinition;
        Integer desired = in.integer("desiredCount");
        if (desired != null && desired < 0) {
            throw in.invalid("desiredCount must be at least 0, got " + desired);
        }
        DeploymentSettings settings = deploymentSettings(in.object("deploymentConfiguration"), service.settings, in);
        requireTargetGroups(region, in.array("loadBalancers"), in);
        boolean newDeployment = definition != service.primary().taskDefinition
                || in.bool("forceNewDeployment", false)
                || in.has("loadBalancers") || in.has("networkConfiguration");
        if (desired != null) {
            service.desiredCount = desired;
        }
        service.settings = settings;
        if (in.has("loadBalancers")) {
            service.loadBalancers = in.array("loadBalancers");
        }
        if (in.has("networkConfiguration")) {
            service.networkConfiguration = in.node().get("networkConfiguration");
        }
        if (in.has("healthCheckGracePeriodSeconds")) {
            service.healthCheckGracePeriodSeconds = in.integer("healthCheckGracePeriodSeconds");
        }
        newDeployment |= placement(service, in);
        if (newDeployment) {
            startDeployment(region, service, definition);
        }
        return view.object().set("service", view.service(service));
    }

    /**
     * Takes the request's placement strategies and constraints (CloudFormation's PlacementStrategies
     * arrive as placementStrategies), refusing what ECS would refuse; answers whether they changed.
     */
    private static boolean placement(SimService service, JsonInput in) {
        ArrayNode strategy = in.has("placementStrategy") ? in.array("placementStrategy") : in.array("placementStrategies");
        ArrayNode constraints = in.array("placementConstraints");
        if (strategy != null && strategy.size() > 5) {
            throw in.invalid("placementStrategy can have at most 5 items.");
        }
        if (constraints != null && constraints.size() > 10) {
            throw in.invalid("placementConstraints can have at most 10 items.");
        }
        SimService probe = new SimService(service.name, service.arn, service.cluster, service.createdAt, service.launchType, null);
        probe.placementStrategy = strategy;
        probe.placementConstraints = constraints;
        try {
            TaskPlacer.strategies(probe);
            TaskPlacer.constraints(probe, null);
        } catch (IllegalArgumentException e) {
            throw in.invalid(e.getMessage());
        }
        boolean changed = false;
        if (strategy != null) {
            changed = !strategy.equals(service.placementStrategy);
            service.placementStrategy = strategy;
        }
        if (constraints != null) {
            changed |= !constraints.equals(service.placementConstraints);
            service.placementConstraints = constraints;
        }
        return changed && service.primary() != null;
    }

    private void startDeployment(EcsRegion region, SimService service, SimTaskDefinition definition) {
        Instant now = world.now();
        String revisionId = ids.serviceRevisionId();
        SimDeployment deployment = new SimDeployment(ids.deploymentId(), definition, now,
                region.arn("service-deployment/" + service.cluster.name + "/" + service.name + "/" + ids.serviceDeploymentId()),
                region.arn("service-revision/" + service.cluster.name + "/" + service.name + "/" + revisionId),
                service.settings);
        List<SimDeployment> sources = new ArrayList<>();
        for (SimDeployment previous : service.deployments) {
            previous.status = "ACTIVE";
            previous.updatedAt = now;
            if (service.tasks.stream().anyMatch(t -> t.deployment == previous && t.active())) {
                sources.add(previous);
            }
        }
        deployment.sources = sources;
        service.deployments.add(0, deployment);
        service.history.add(0, deployment);
        region.deploymentsByArn.put(deployment.serviceDeploymentArn, deployment);
        region.servicesByDeploymentArn.put(deployment.serviceDeploymentArn, service);
        service.stuckReported = false;
        service.consecutiveStartFailures = 0;
        service.launchNotBefore = null;
        service.steady = false;
    }

    private JsonNode describeServices(EcsRegion region, JsonInput in) {
        SimCluster cluster = cluster(region, in.string("cluster", "default"));
        List<String> references = in.strings("services");
        if (references.isEmpty()) {
            throw in.invalid("services can not be empty.");
        }
        if (references.size() > 10) {
            throw in.invalid("service names can have at most 10 items.");
        }
        ObjectNode out = view.object();
        ArrayNode services = out.putArray("services");
        ArrayNode failures = out.putArray("failures");
        for (String reference : references) {
            SimService service = findService(cluster, reference);
            if (service == null) {
                String arn = reference.startsWith("arn:") ? reference
                        : region.arn("service/" + cluster.name + "/" + reference);
                failures.add(view.failure(arn, "MISSING"));
            } else {
                ObjectNode node = view.service(service);
                if (in.strings("include").contains("TAGS")) {
                    node.set("tags", view.tagsOrEmpty(service.tags));
                }
                services.add(node);
            }
        }
        return out;
    }

    private JsonNode listServices(EcsRegion region, JsonInput in) {
        SimCluster cluster = cluster(region, in.string("cluster", "default"));
        String launchType = in.string("launchType");
        List<String> arns = cluster.services.values().stream()
                .filter(s -> !"INACTIVE".equals(s.status))
                .filter(s -> launchType == null || launchType.equals(s.launchType))
                .map(s -> s.arn).toList();
        Pagination.Page<String> page = Pagination.page(arns, in.string("nextToken"), in.integer("maxResults"), 10, 100, INVALID);
        ObjectNode out = view.object();
        ArrayNode list = out.putArray("serviceArns");
        page.items().forEach(list::add);
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private JsonNode deleteService(EcsRegion region, JsonInput in) {
        SimCluster cluster = cluster(region, in.string("cluster", "default"));
        SimService service = findService(cluster, in.required("service"));
        if (service == null || "INACTIVE".equals(service.status)) {
            throw AwsException.client("ServiceNotFoundException", "Service not found.");
        }
        if (service.desiredCount > 0 && !in.bool("force", false)) {
            throw in.invalid("The service cannot be stopped while it is scaled above 0.");
        }
        service.status = "DRAINING";
        service.desiredCount = 0;
        return view.object().set("service", view.service(service));
    }

    // ---- tasks ----

    private JsonNode listTasks(EcsRegion region, JsonInput in) {
        SimCluster cluster = cluster(region, in.string("cluster", "default"));
        String serviceName = in.string("serviceName");
        SimService service = null;
        if (serviceName != null) {
            service = findService(cluster, serviceName);
            if (service == null) {
                throw AwsException.client("ServiceNotFoundException", "Service not found.");
            }
        }
        String desiredStatus = in.string("desiredStatus", "RUNNING");
        String family = in.string("family");
        String startedBy = in.string("startedBy");
        List<String> arns = new ArrayList<>();
        for (SimTask task : cluster.tasks.values()) {
            boolean wanted = "STOPPED".equals(desiredStatus) ? "STOPPED".equals(task.desiredStatus)
                    : "RUNNING".equals(task.desiredStatus) && ("RUNNING".equals(desiredStatus) || task.pending());
            if (wanted && (service == null || task.service == service)
                    && (family == null || family.equals(task.taskDefinition.family))
                    && (startedBy == null || startedBy.equals(task.deployment.id))) {
                arns.add(task.arn);
            }
        }
        Pagination.Page<String> page = Pagination.page(arns, in.string("nextToken"), in.integer("maxResults"), 100, 100, INVALID);
        ObjectNode out = view.object();
        ArrayNode list = out.putArray("taskArns");
        page.items().forEach(list::add);
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private JsonNode describeTasks(EcsRegion region, JsonInput in) {
        SimCluster cluster = cluster(region, in.string("cluster", "default"));
        List<String> references = in.strings("tasks");
        if (references.isEmpty()) {
            throw in.invalid("Tasks cannot be empty.");
        }
        if (references.size() > 100) {
            throw in.invalid("tasks can have at most 100 items.");
        }
        ObjectNode out = view.object();
        ArrayNode tasks = out.putArray("tasks");
        ArrayNode failures = out.putArray("failures");
        for (String reference : references) {
            SimTask task = cluster.tasks.get(taskId(reference));
            if (task == null) {
                failures.add(view.failure(reference.startsWith("arn:") ? reference
                        : region.arn("task/" + cluster.name + "/" + reference), "MISSING"));
            } else {
                tasks.add(view.task(task));
            }
        }
        return out;
    }

    private JsonNode stopTask(EcsRegion region, JsonInput in) {
        SimCluster cluster = cluster(region, in.string("cluster", "default"));
        SimTask task = cluster.tasks.get(taskId(in.required("task")));
        if (task == null) {
            throw in.invalid("The referenced task was not found.");
        }
        String reason = in.string("reason");
        lifecycle.stop(task, "UserInitiated", reason == null || reason.isEmpty() ? "Task stopped by user" : reason);
        return view.object().set("task", view.task(task));
    }

    // ---- service deployments ----

    private JsonNode listServiceDeployments(EcsRegion region, JsonInput in) {
        SimCluster cluster = cluster(region, in.string("cluster", "default"));
        SimService service = findService(cluster, in.required("service"));
        if (service == null) {
            throw AwsException.client("ServiceNotFoundException", "Service not found.");
        }
        List<String> statuses = in.strings("status");
        JsonInput createdAt = in.object("createdAt");
        Instant before = createdAt == null ? null : epoch(createdAt.node().get("before"));
        Instant after = createdAt == null ? null : epoch(createdAt.node().get("after"));
        List<SimDeployment> matching = service.history.stream()
                .filter(d -> statuses.isEmpty() || statuses.contains(d.serviceDeploymentStatus))
                .filter(d -> before == null || d.createdAt.isBefore(before))
                .filter(d -> after == null || d.createdAt.isAfter(after))
                .toList();
        Pagination.Page<SimDeployment> page = Pagination.page(matching, in.string("nextToken"), in.integer("maxResults"), 20, 100, INVALID);
        ObjectNode out = view.object();
        ArrayNode list = out.putArray("serviceDeployments");
        page.items().forEach(d -> list.add(view.serviceDeploymentBrief(service, d)));
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    private JsonNode describeServiceDeployments(EcsRegion region, JsonInput in) {
        List<String> arns = in.strings("serviceDeploymentArns");
        if (arns.isEmpty() || arns.size() > 20) {
            throw in.invalid("serviceDeploymentArns must have between 1 and 20 items.");
        }
        ObjectNode out = view.object();
        ArrayNode found = out.putArray("serviceDeployments");
        ArrayNode failures = out.putArray("failures");
        for (String arn : arns) {
            SimDeployment deployment = region.deploymentsByArn.get(arn);
            if (deployment == null) {
                failures.add(view.failure(arn, "MISSING"));
            } else {
                found.add(view.serviceDeployment(region.servicesByDeploymentArn.get(arn), deployment));
            }
        }
        return out;
    }

    private JsonNode describeServiceRevisions(EcsRegion region, JsonInput in) {
        List<String> arns = in.strings("serviceRevisionArns");
        if (arns.isEmpty() || arns.size() > 20) {
            throw in.invalid("serviceRevisionArns must have between 1 and 20 items.");
        }
        ObjectNode out = view.object();
        ArrayNode found = out.putArray("serviceRevisions");
        ArrayNode failures = out.putArray("failures");
        for (String arn : arns) {
            SimDeployment match = null;
            for (SimDeployment deployment : region.deploymentsByArn.values()) {
                if (deployment.serviceRevisionArn.equals(arn)) {
                    match = deployment;
                }
            }
            if (match == null) {
                failures.add(view.failure(arn, "MISSING"));
            } else {
                found.add(view.serviceRevision(region.servicesByDeploymentArn.get(match.serviceDeploymentArn), match));
            }
        }
        return out;
    }

    // ---- lookups and validation ----

    private SimCluster cluster(EcsRegion region, String reference) {
        SimCluster cluster = region.clusters.get(clusterName(reference));
        if (cluster == null || !cluster.active()) {
            throw AwsException.client("ClusterNotFoundException", "Cluster not found.");
        }
        return cluster;
    }

    private static String clusterName(String reference) {
        return reference.startsWith("arn:") ? reference.substring(reference.lastIndexOf('/') + 1) : reference;
    }

    private static SimService findService(SimCluster cluster, String reference) {
        String name = reference.startsWith("arn:") ? reference.substring(reference.lastIndexOf('/') + 1) : reference;
        SimService service = cluster.services.get(name);
        if (service != null && reference.startsWith("arn:") && !reference.equals(service.arn)
                && !reference.endsWith(":service/" + name)) {
            return null;
        }
        return service;
    }

    private static String taskId(String reference) {
        return reference.startsWith("arn:") ? reference.substring(reference.lastIndexOf('/') + 1) : reference;
    }

    private SimTaskDefinition requireTaskDefinition(EcsRegion region, String reference) {
        SimTaskDefinition definition = findTaskDefinition(region, reference, false);
        if (definition == null) {
            throw AwsException.client("ClientException", "TaskDefinition not found.");
        }
        if (!definition.active()) {
            throw AwsException.client("ClientException", "TaskDefinition is inactive");
        }
        return definition;
    }

    /** A service's target groups must exist and be attached to a load balancer, as ECS requires. */
    private void requireTargetGroups(EcsRegion region, ArrayNode loadBalancers, JsonInput in) {
        if (loadBalancers == null) {
            return;
        }
        for (JsonNode lb : loadBalancers) {
            String arn = lb.path("targetGroupArn").asText(null);
            if (arn == null) {
                throw in.invalid("The simulator supports load balancers given by targetGroupArn only.");
            }
            if (!loadBalancing.targetGroupExists(region.name, arn)) {
                throw in.invalid("The target group with targetGroupArn " + arn + " does not exist.");
            }
            if (!loadBalancing.attachedToLoadBalancer(region.name, arn)) {
                throw in.invalid("The target group with targetGroupArn " + arn + " does not have an associated load balancer.");
            }
        }
    }

    private static DeploymentSettings deploymentSettings(JsonInput config, DeploymentSettings current, JsonInput in) {
        if (config == null) {
            return current;
        }
        int max = config.integer("maximumPercent", current.maximumPercent());
        int min = config.integer("minimumHealthyPercent", current.minimumHealthyPercent());
        if (min < 0 || min > 100) {
            throw in.invalid("minimumHealthyPercent must be between 0 and 100, got " + min);
        }
        if (max < 100) {
            throw in.invalid("maximumPercent must be at least 100, got " + max);
        }
        boolean enable = current.breakerEnabled();
        boolean rollback = current.breakerRollback();
        JsonInput breaker = config.object("deploymentCircuitBreaker");
        if (breaker != null) {
            if (breaker.bool("enable") == null || breaker.bool("rollback") == null) {
                throw in.invalid("deploymentCircuitBreaker requires both enable and rollback.");
            }
            enable = breaker.bool("enable");
            rollback = breaker.bool("rollback");
        }
        if (config.has("strategy") && !"ROLLING".equals(config.string("strategy"))) {
            throw in.invalid("The simulator supports the ROLLING deployment strategy only, got " + config.string("strategy"));
        }
        List<String> alarmNames = current.alarmNames();
        boolean alarmsEnabled = current.alarmsEnabled();
        boolean alarmsRollback = current.alarmsRollback();
        JsonInput alarms = config.object("alarms");
        if (alarms != null) {
            if (!alarms.has("alarmNames") || alarms.bool("enable") == null || alarms.bool("rollback") == null) {
                throw in.invalid("alarms requires alarmNames, enable and rollback.");
            }
            alarmNames = alarms.strings("alarmNames");
            alarmsEnabled = alarms.bool("enable");
            alarmsRollback = alarms.bool("rollback");
            if (alarmsEnabled && alarmNames.isEmpty()) {
                throw in.invalid("At least one alarm name is required when alarms are enabled.");
            }
        }
        return new DeploymentSettings(max, min, enable, rollback, alarmNames, alarmsEnabled, alarmsRollback);
    }

    private static void requireName(String what, String name) {
        if (!NAME.matcher(name).matches()) {
            throw AwsException.client(INVALID, what + " must match ^[a-zA-Z0-9\\-_]{1,255}$, but was " + name);
        }
    }

    private static Instant epoch(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return Instant.ofEpochMilli((long) (value.asDouble() * 1000));
    }
}
