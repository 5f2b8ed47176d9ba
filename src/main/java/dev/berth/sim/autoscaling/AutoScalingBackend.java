package dev.berth.sim.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.placement.InstanceTypeTable;
import dev.berth.sim.SimWorld;
import dev.berth.sim.ecs.EcsApi;
import dev.berth.sim.http.AwsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EC2 Auto Scaling groups with their launch templates and launch configurations. A group keeps its
 * desired number of instances, spread over its zones; an instance boots for a while, then its ECS
 * agent registers it with the cluster its user data names; a terminated instance deregisters.
 */
public final class AutoScalingBackend {
    /** From launch to the ECS agent registering: the EC2 boot plus the agent's start. */
    public static final Duration BOOT = Duration.ofSeconds(60);

    private final SimWorld world;
    private final Random random;
    private final Map<String, List<JsonNode>> templates = new ConcurrentHashMap<>();
    private final Map<String, String> templateIdsByName = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> configurations = new ConcurrentHashMap<>();
    private final Map<String, SimGroup> groups = new ConcurrentHashMap<>();
    private final InstanceLife life;
    /** What hears of each instance of a group that has booted, by region|group. */
    private final Map<String, BootListener> bootListeners = new ConcurrentHashMap<>();

    /** Hears that an instance booted with this UserData (as EC2 takes it), e.g. to send its cfn-signal. */
    @FunctionalInterface
    public interface BootListener {
        void booted(String instanceId, String userData);
    }

    public AutoScalingBackend(SimWorld world, EcsApi ecs, Random random, AgentConfig.StackMetadata metadata) {
        this.world = world;
        this.random = random;
        this.life = new InstanceLife(world, ecs, metadata);
    }

    // ---- launch templates and configurations ----

    /** Stores a launch template's first version; answers its id. */
    public String createLaunchTemplate(String name, JsonNode data) {
        String id = "lt-0" + hex(16);
        List<JsonNode> versions = new ArrayList<>();
        versions.add(data.deepCopy());
        templates.put(id, versions);
        if (name != null) {
            templateIdsByName.put(name, id);
        }
        return id;
    }

    /** Adds a version; answers its number. */
    public int addLaunchTemplateVersion(String id, JsonNode data) {
        List<JsonNode> versions = templates.get(id);
        versions.add(data.deepCopy());
        return versions.size();
    }

    public void deleteLaunchTemplate(String id) {
        templates.remove(id);
        templateIdsByName.values().removeIf(id::equals);
    }

    public void putLaunchConfiguration(String name, JsonNode properties) {
        configurations.put(name, properties.deepCopy());
    }

    public void deleteLaunchConfiguration(String name) {
        configurations.remove(name);
    }

    // ---- lifecycle hooks ----

    /**
     * A hook on autoscaling:EC2_INSTANCE_TERMINATING, as the cluster template declares it with its
     * drain script: a terminating instance is set to DRAINING and terminates once its tasks are
     * gone, or when the heartbeat timeout ends.
     */
    public void putTerminationHook(String region, String groupName, Duration heartbeat) {
        life.hooks.put(region + "|" + groupName, heartbeat);
    }

    public void deleteTerminationHook(String region, String groupName) {
        life.hooks.remove(region + "|" + groupName);
    }

    // ---- groups ----

    public Optional<SimGroup> group(String region, String name) {
        return Optional.ofNullable(groups.get(region + "|" + name));
    }

    /** Creates a group and launches its desired instances; refuses bad sizes or launch sources with AWS's words. */
    public SimGroup createGroup(String region, String name, JsonNode properties) {
        if (groups.containsKey(region + "|" + name)) {
            throw AwsException.client("AlreadyExists", "AutoScalingGroup by this name already exists - A group with the name "
                    + name + " already exists");
        }
        SimGroup group = new SimGroup(region, name);
        group.createdTime = world.now();
        configure(group, properties);
        groups.put(region + "|" + name, group);
        reconcile(group);
        return group;
    }

    public void updateGroup(String region, String name, JsonNode properties) {
        SimGroup group = requireGroup(region, name);
        configure(group, properties);
        reconcile(group);
    }

    /** Sets the desired capacity within the group's bounds, as SetDesiredCapacity does. */
    public void setDesiredCapacity(String region, String name, int desired) {
        SimGroup group = requireGroup(region, name);
        if (desired < group.minSize || desired > group.maxSize) {
            throw AwsException.client("ValidationError", "New SetDesiredCapacity value " + desired
                    + " is below min value " + group.minSize + " or above max value " + group.maxSize + " for the AutoScalingGroup.");
        }
        group.desiredCapacity = desired;
        reconcile(group);
    }

    /**
     * Suspends these processes (all when none are named), as SuspendProcesses does; the reason is
     * AWS's "User suspended at" with the time. Refuses an unknown process name and changes nothing.
     */
    public void suspendProcesses(String region, String name, List<String> processes) {
        SimGroup group = requireGroup(region, name);
        for (String process : ScalingProcesses.named(processes)) {
            group.suspended.putIfAbsent(process, "User suspended at " + world.now());
        }
    }

    /** Resumes these processes (all when none are named), as ResumeProcesses does. */
    public void resumeProcesses(String region, String name, List<String> processes) {
        SimGroup group = requireGroup(region, name);
        group.suspended.keySet().removeAll(ScalingProcesses.named(processes));
    }

    /** Tells {@code listener} of every instance of the group that boots from now on. */
    public void onBoot(String region, String name, BootListener listener) {
        bootListeners.put(region + "|" + name, listener);
    }

    /** The ids of the group's instances that are pending or in service, oldest first. */
    public List<String> liveInstances(String region, String name) {
        return requireGroup(region, name).live().stream().map(SimInstance::id).toList();
    }

    /**
     * One batch of a rolling update: terminates these instances (through the termination hook, so
     * their tasks drain) and launches {@code launch} new ones from the group's current launch source;
     * the desired capacity follows, as CloudFormation sets it during the update. Answers the new ids.
     */
    public List<String> replaceInstances(String region, String name, List<String> terminate, int launch) {
        SimGroup group = requireGroup(region, name);
        for (SimInstance instance : group.live()) {
            if (terminate.contains(instance.id)) {
                life.terminate(group, instance);
            }
        }
        List<String> launched = new ArrayList<>();
        for (int i = 0; i < launch; i++) {
            launched.add(launch(group).id);
        }
        group.desiredCapacity = group.live().size();
        return launched;
    }

    public void deleteGroup(String region, String name) {
        bootListeners.remove(region + "|" + name);
        SimGroup group = groups.remove(region + "|" + name);
        if (group != null) {
            for (SimInstance instance : group.live()) {
                life.terminate(group, instance);
            }
        }
    }

    /** Whether every desired instance is in service and registered wherever its agent went. */
    public boolean ready(String region, String name) {
        SimGroup group = groups.get(region + "|" + name);
        if (group == null) {
            return false;
        }
        List<SimInstance> live = group.live();
        return live.size() == group.desiredCapacity && live.stream().allMatch(i -> i.state == SimInstance.State.IN_SERVICE);
    }

    /** Terminates one instance of the group; the group launches a replacement if it falls below desired. */
    public void terminateInstance(String region, String name, String instanceId, boolean decrementDesired) {
        SimGroup group = requireGroup(region, name);
        SimInstance instance = group.live().stream().filter(i -> i.id.equals(instanceId)).findFirst()
                .orElseThrow(() -> AwsException.client("ValidationError", "Instance Id not found - No managed instance found for instance ID: "
                        + instanceId));
        if (decrementDesired) {
            group.desiredCapacity = Math.max(group.minSize, group.desiredCapacity - 1);
        }
        life.terminate(group, instance);
        reconcile(group);
    }

    /** The region's groups, by name, for the Auto Scaling API's reads. */
    List<SimGroup> groups(String region) {
        return groups.values().stream().filter(g -> g.region.equals(region)).sorted(Comparator.comparing(g -> g.name)).toList();
    }

    /** A launch template's name, when it was given one. */
    Optional<String> templateName(String templateId) {
        return templateIdsByName.entrySet().stream().filter(e -> e.getValue().equals(templateId)).map(Map.Entry::getKey).findFirst();
    }

    boolean hasTerminationHook(SimGroup group) {
        return life.hooks.containsKey(group.region + "|" + group.name);
    }

    private SimGroup requireGroup(String region, String name) {
        SimGroup group = groups.get(region + "|" + name);
        if (group == null) {
            throw AwsException.client("ValidationError", "AutoScalingGroup name not found - AutoScalingGroup " + name + " not found");
        }
        return group;
    }

    private void configure(SimGroup group, JsonNode properties) {
        int min = integer(properties, "MinSize", group.minSize);
        int max = integer(properties, "MaxSize", group.maxSize);
        int desired = properties.has("DesiredCapacity") ? integer(properties, "DesiredCapacity", min) : Math.max(min, group.desiredCapacity);
        if (min > max) {
            throw AwsException.client("ValidationError", "Max bound, " + max + ", must be greater than or equal to min bound, " + min);
        }
        if (desired < min || desired > max) {
            throw AwsException.client("ValidationError", "Desired capacity:" + desired + " must be between the specified min size:"
                    + min + " and max size:" + max);
        }
        SimGroup.LaunchSource source = source(properties);
        instanceType(source); // refuses an unknown type before anything launches
        group.minSize = min;
        group.maxSize = max;
        group.desiredCapacity = desired;
        group.source = source;
        group.zones = zones(group.region, properties);
    }

    private SimGroup.LaunchSource source(JsonNode properties) {
        JsonNode template = properties.get("LaunchTemplate");
        if (template == null) {
            template = properties.path("MixedInstancesPolicy").path("LaunchTemplate").get("LaunchTemplateSpecification");
        }
        if (template != null) {
            String id = template.path("LaunchTemplateId").asText(null);
            if (id == null) {
                id = templateIdsByName.get(template.path("LaunchTemplateName").asText(""));
            }
            if (id == null || !templates.containsKey(id)) {
                throw AwsException.client("ValidationError", "You must use a valid fully-formed launch template. The specified "
                        + "launch template does not exist.");
            }
            return new SimGroup.LaunchSource(id, template.path("Version").asText("$Default"), null);
        }
        String configuration = properties.path("LaunchConfigurationName").asText(null);
        if (configuration == null || !configurations.containsKey(configuration)) {
            throw AwsException.client("ValidationError", "Valid requests must contain either LaunchTemplate, "
                    + "LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.");
        }
        return new SimGroup.LaunchSource(null, null, configuration);
    }

    /** The launch data the source names now: a template version's LaunchTemplateData, or the configuration. */
    private JsonNode launchData(SimGroup.LaunchSource source) {
        if (source.configurationName() != null) {
            return configurations.get(source.configurationName());
        }
        List<JsonNode> versions = templates.get(source.templateId());
        return versions.get(versionIndex(source, versions.size()));
    }

    private static int versionIndex(SimGroup.LaunchSource source, int count) {
        String version = source.version();
        if (version.equals("$Latest")) {
            return count - 1;
        }
        if (version.equals("$Default")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(version);
            if (n >= 1 && n <= count) {
                return n - 1;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw AwsException.client("ValidationError", "The launch template version " + version + " does not exist.");
    }

    private String instanceType(SimGroup.LaunchSource source) {
        String type = launchData(source).path("InstanceType").asText("");
        if (InstanceTypeTable.of(type).isEmpty()) {
            throw AwsException.client("ValidationError", "The instance type '" + type + "' is not one the simulator can launch; "
                    + "it knows " + InstanceTypeTable.known() + ".");
        }
        return type;
    }

    private static List<String> zones(String region, JsonNode properties) {
        List<String> zones = new ArrayList<>();
        for (JsonNode zone : properties.path("AvailabilityZones")) {
            zones.add(zone.asText());
        }
        if (zones.isEmpty()) {
            int subnets = Math.max(1, properties.path("VPCZoneIdentifier").size());
            for (int i = 0; i < subnets; i++) {
                zones.add(region + (char) ('a' + i % 6));
            }
        }
        return zones;
    }

    /** Launches or terminates instances until the group holds its desired number. */
    void reconcile(SimGroup group) {
        List<SimInstance> live = group.live();
        for (int i = live.size(); i < group.desiredCapacity; i++) {
            launch(group);
        }
        live = group.live();
        // scale-in terminates the newest instances first, for a predictable simulation
        List<SimInstance> newestFirst = new ArrayList<>(live);
        java.util.Collections.reverse(newestFirst);
        for (int i = 0; i < live.size() - group.desiredCapacity; i++) {
            life.terminate(group, newestFirst.get(i));
        }
    }

    private SimInstance launch(SimGroup group) {
        String zone = group.zones.stream().min(Comparator.comparingLong(z -> group.live().stream()
                .filter(i -> i.availabilityZone.equals(z)).count())).orElse(group.region + "a");
        JsonNode data = launchData(group.source);
        String version = group.source.configurationName() != null ? group.source.configurationName()
                : String.valueOf(versionIndex(group.source, templates.get(group.source.templateId()).size()) + 1);
        SimInstance instance = new SimInstance("i-0" + hex(16), data.path("InstanceType").asText(), zone, version);
        group.instances.add(instance);
        String userData = data.path("UserData").asText("");
        String imageId = data.path("ImageId").asText("ami-00000000000000000");
        world.at(world.now().plus(BOOT), () -> {
            if (life.boot(group, instance, userData, imageId)) {
                BootListener listener = bootListeners.get(group.region + "|" + group.name);
                if (listener != null) {
                    listener.booted(instance.id, userData);
                }
            }
        });
        return instance;
    }

    private static int integer(JsonNode properties, String name, int fallback) {
        JsonNode value = properties.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.asText().trim());
        } catch (NumberFormatException e) {
            throw AwsException.client("ValidationError", name + " must be a whole number, got " + value.asText());
        }
    }

    private String hex(int digits) {
        synchronized (random) {
            StringBuilder text = new StringBuilder();
            while (text.length() < digits) {
                text.append(Long.toHexString(random.nextLong() & Long.MAX_VALUE));
            }
            return text.substring(0, digits);
        }
    }
}
