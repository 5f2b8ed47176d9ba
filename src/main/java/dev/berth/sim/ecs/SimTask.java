package dev.berth.sim.ecs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One task: its lifecycle timestamps, statuses and containers as DescribeTasks reports them. */
final class SimTask {
    final String id;
    final String arn;
    final SimCluster cluster;
    final SimService service;
    final SimDeployment deployment;
    final SimTaskDefinition taskDefinition;
    final TaskProfile profile;
    final Instant createdAt;
    final List<SimContainer> containers = new ArrayList<>();

    String lastStatus = "PROVISIONING";
    String desiredStatus = "RUNNING";
    String healthStatus = "UNKNOWN";
    Instant pullStartedAt;
    Instant pullStoppedAt;
    Instant startedAt;
    Instant healthyAt;
    Instant stoppingAt;
    Instant executionStoppedAt;
    Instant stoppedAt;
    String stoppedReason;
    String stopCode;
    int version = 1;
    /** Whether the scheduler counts this task toward the deployment's healthy tasks. */
    boolean healthy;
    /** Whether this task stopped because it failed, rather than being stopped on purpose. */
    boolean failed;
    /** Where it runs: a container instance with host ports (bridge, host) or its own address (awsvpc). */
    String instanceId;
    String privateIp;
    /** The registered container instance it was placed on; null for FARGATE, awsvpc and instance-less clusters. */
    SimContainerInstance containerInstance;
    /** What it reserves on that instance. */
    dev.berth.placement.TaskDemand demand = new dev.berth.placement.TaskDemand(0, 0, java.util.Set.of(), java.util.Set.of());
    final java.util.Map<String, Integer> hostPorts = new java.util.LinkedHashMap<>();
    /** The load-balancer targets this task registered, and health checks still to pass before it is healthy. */
    final List<Target> targets = new ArrayList<>();
    int healthChecksPending;

    record Target(String targetGroupArn, String id, int port) {
    }

    SimTask(String id, String arn, SimCluster cluster, SimService service, SimDeployment deployment,
            SimTaskDefinition taskDefinition, TaskProfile profile, Instant createdAt) {
        this.id = id;
        this.arn = arn;
        this.cluster = cluster;
        this.service = service;
        this.deployment = deployment;
        this.taskDefinition = taskDefinition;
        this.profile = profile;
        this.createdAt = createdAt;
    }

    /** Counts toward a deployment's running or pending tasks: the scheduler still wants it. */
    boolean active() {
        return "RUNNING".equals(desiredStatus) && !"STOPPED".equals(lastStatus);
    }

    boolean running() {
        return active() && "RUNNING".equals(lastStatus);
    }

    boolean pending() {
        return active() && !"RUNNING".equals(lastStatus);
    }

    boolean stopped() {
        return "STOPPED".equals(lastStatus);
    }

    static final class SimContainer {
        final String name;
        final String image;
        final boolean essential;
        final String runtimeId;
        final String arn;
        String lastStatus = "PENDING";
        /** The digest pulled from the registry, when the image is in it. */
        String imageDigest;
        Integer exitCode;
        String reason;
        String healthStatus;

        SimContainer(String name, String image, boolean essential, String runtimeId, String arn, boolean hasHealthCheck) {
            this.name = name;
            this.image = image;
            this.essential = essential;
            this.runtimeId = runtimeId;
            this.arn = arn;
            this.healthStatus = hasHealthCheck ? "UNKNOWN" : null;
        }
    }
}
