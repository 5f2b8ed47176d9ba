package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.sim.SimWorld;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves tasks through PROVISIONING → PENDING → RUNNING → (DEACTIVATING →) STOPPING → STOPPED on the
 * simulated clock, with the failures their images call for. A task is healthy once every health
 * source passes: its load-balancer targets, its container health check, or, with neither, a short
 * settle time. The scheduler hears about failed tasks.
 */
final class TaskLifecycle {
    /** What the scheduler learns about failed tasks. */
    interface FailureListener {
        void taskFailed(SimTask task, boolean beforeRunning, boolean healthCheck);
    }

    private static final int FIRST_DYNAMIC_PORT = 32768;

    private final SimWorld world;
    private final TaskTimings timings;
    private final ImageFaults imageFaults;
    private final EcsIds ids;
    private final LoadBalancing loadBalancing;
    private final ImageRegistry registry;
    private FailureListener failures = (task, beforeRunning, healthCheck) -> { };

    TaskLifecycle(SimWorld world, TaskTimings timings, ImageFaults imageFaults, EcsIds ids, LoadBalancing loadBalancing,
                  ImageRegistry registry) {
        this.registry = registry;
        this.world = world;
        this.timings = timings;
        this.imageFaults = imageFaults;
        this.ids = ids;
        this.loadBalancing = loadBalancing;
    }

    void onFailure(FailureListener listener) {
        this.failures = listener;
    }

    SimTask launch(EcsRegion region, SimService service, SimDeployment deployment) {
        return launch(region, service, deployment, null);
    }

    /** Launches a task on {@code instance}, or with no registered instance when null. */
    SimTask launch(EcsRegion region, SimService service, SimDeployment deployment, SimContainerInstance instance) {
        SimCluster cluster = service.cluster;
        String id = ids.taskId();
        SimTask task = new SimTask(id, region.arn("task/" + cluster.name + "/" + id), cluster, service, deployment,
                deployment.taskDefinition, profileOf(deployment.taskDefinition), world.now());
        for (SimTaskDefinition.ContainerSpec spec : deployment.taskDefinition.containers) {
            task.containers.add(new SimTask.SimContainer(spec.name(), spec.image(), spec.essential(), id + "-" + spec.name(),
                    region.arn("container/" + cluster.name + "/" + id + "/" + ids.uuid()), spec.healthCheck() != null));
        }
        task.containerInstance = instance;
        if (instance != null) {
            task.demand = deployment.taskDefinition.demand();
            instance.version++;
        }
        place(task);
        cluster.tasks.put(id, task);
        service.tasks.add(task);
        world.at(world.now().plus(task.profile.scaled(timings.provisioning(), timings)), () -> toPending(task));
        return task;
    }

    /** The scheduler, or a user, stops a task on purpose. */
    void stop(SimTask task, String stopCode, String reason) {
        beginStop(task, stopCode, reason);
    }

    /** Puts the task on a container instance with host ports, or gives it an address of its own. */
    private static void place(SimTask task) {
        SimCluster cluster = task.cluster;
        String mode = task.taskDefinition.networkMode();
        if ("awsvpc".equals(mode)) {
            int n = cluster.addresses++;
            task.privateIp = "10.0." + (n / 250 % 250) + "." + (n % 250 + 4);
            return;
        }
        if (task.containerInstance != null) {
            task.instanceId = task.containerInstance.ec2InstanceId;
        } else {
            while (cluster.instances.size() < 3) {
                cluster.instances.add(String.format("i-0%016x", (long) cluster.name.hashCode() * 31 + cluster.instances.size()));
            }
            task.instanceId = cluster.instances.get(cluster.placements++ % cluster.instances.size());
        }
        for (SimTaskDefinition.ContainerSpec spec : task.taskDefinition.containers) {
            for (SimTaskDefinition.PortMapping mapping : spec.ports()) {
                int hostPort = "host".equals(mode) ? mapping.containerPort() : mapping.hostPort();
                if (hostPort == 0) {
                    hostPort = cluster.nextHostPort.merge(task.instanceId, 1, Integer::sum) + FIRST_DYNAMIC_PORT - 1;
                }
                task.hostPorts.put(spec.name() + ":" + mapping.containerPort(), hostPort);
            }
        }
    }

    private TaskProfile profileOf(SimTaskDefinition definition) {
        ImageBehaviour worst = ImageBehaviour.NORMAL;
        String failingImage = null;
        SimTaskDefinition.HealthCheck healthCheck = null;
        for (SimTaskDefinition.ContainerSpec spec : definition.containers) {
            if (spec.essential() && spec.healthCheck() != null && healthCheck == null) {
                healthCheck = spec.healthCheck();
            }
            ImageBehaviour behaviour = imageFaults.behaviourOf(spec.image());
            if (spec.essential() && behaviour.ordinal() > worst.ordinal()) {
                worst = behaviour;
                failingImage = spec.image();
            }
        }
        return new TaskProfile(worst, failingImage, healthCheck);
    }

    private void toPending(SimTask task) {
        if (!task.active()) {
            return;
        }
        task.lastStatus = "PENDING";
        task.pullStartedAt = world.now();
        task.version++;
        world.at(world.now().plus(task.profile.scaled(timings.pull(), timings)), () -> pulled(task));
    }

    private void pulled(SimTask task) {
        if (!task.active()) {
            return;
        }
        String missing = task.profile.behaviour() == ImageBehaviour.NOPULL ? task.profile.failingImage() : null;
        for (SimTask.SimContainer container : task.containers) {
            if (registry.manages(container.image)) {
                var digest = registry.resolve(container.image);
                if (digest.isEmpty() && missing == null) {
                    missing = container.image; // the registry does not have it: the pull fails as on ECS
                }
                container.imageDigest = digest.orElse(null);
            }
        }
        if (missing != null) {
            String reason = "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref "
                    + missing + ": " + missing + ": not found";
            for (SimTask.SimContainer container : task.containers) {
                if (container.image.equals(missing)) {
                    container.reason = reason;
                }
            }
            task.failed = true;
            beginStop(task, "TaskFailedToStart", reason);
            failures.taskFailed(task, true, false);
            return;
        }
        task.pullStoppedAt = world.now();
        world.at(world.now().plus(task.profile.scaled(timings.start(), timings)), () -> running(task));
    }

    private void running(SimTask task) {
        if (!task.active()) {
            return;
        }
        Instant now = world.now();
        task.lastStatus = "RUNNING";
        task.startedAt = now;
        task.version++;
        for (SimTask.SimContainer container : task.containers) {
            container.lastStatus = "RUNNING";
        }
        boolean containerCheck = task.profile.healthCheck() != null;
        List<SimTask.Target> targets = targetsOf(task);
        task.healthChecksPending = targets.size() + (containerCheck || targets.isEmpty() ? 1 : 0);
        boolean passes = task.profile.behaviour() != ImageBehaviour.UNHEALTHY;
        for (SimTask.Target target : targets) {
            task.targets.add(target);
            loadBalancing.register(task.cluster.region, target.targetGroupArn(), target.id(), target.port(), passes,
                    healthy -> targetHealthDecided(task, target, healthy));
            task.service.event(ids.uuid(), now, task.service.eventPrefix() + " registered 1 targets in (target-group "
                    + target.targetGroupArn() + ")");
        }
        switch (task.profile.behaviour()) {
            case CRASH -> world.at(now.plus(timings.crashAfter()), () -> crashed(task));
            case UNHEALTHY -> {
                if (containerCheck || targets.isEmpty()) {
                    world.at(now.plus(task.profile.unhealthyAfter()), () -> containerUnhealthy(task));
                }
            }
            default -> {
                if (containerCheck || targets.isEmpty()) {
                    world.at(now.plus(task.profile.healthyAfter(timings)), () -> healthCheckPassed(task));
                }
                if (task.profile.behaviour() == ImageBehaviour.LATECRASH) {
                    world.at(now.plus(LATE_CRASH_AFTER), () -> crashed(task));
                }
            }
        }
    }

    /** The service's load balancers, as targets for this task: instance and host port, or address and port. */
    private List<SimTask.Target> targetsOf(SimTask task) {
        List<SimTask.Target> targets = new ArrayList<>();
        JsonNode loadBalancers = task.service.loadBalancers;
        if (loadBalancers == null) {
            return targets;
        }
        for (JsonNode lb : loadBalancers) {
            String tg = lb.path("targetGroupArn").asText(null);
            if (tg == null) {
                continue;
            }
            int containerPort = lb.path("containerPort").asInt();
            String container = lb.path("containerName").asText();
            if (task.privateIp != null || loadBalancing.ipTargets(task.cluster.region, tg)) {
                targets.add(new SimTask.Target(tg, task.privateIp != null ? task.privateIp : task.instanceId, containerPort));
            } else {
                Integer hostPort = task.hostPorts.get(container + ":" + containerPort);
                targets.add(new SimTask.Target(tg, task.instanceId, hostPort == null ? containerPort : hostPort));
            }
        }
        return targets;
    }

    private void targetHealthDecided(SimTask task, SimTask.Target target, boolean healthy) {
        if (!task.running()) {
            return;
        }
        if (healthy) {
            healthCheckPassed(task);
            return;
        }
        task.service.event(ids.uuid(), world.now(), task.service.eventPrefix() + " (task " + task.id + ") (port "
                + target.port() + ") is unhealthy in (target-group " + target.targetGroupArn()
                + ") due to (reason Health checks failed with these codes: [500]).");
        // ECS ignores load-balancer health checks during the service's grace period
        Integer grace = task.service.healthCheckGracePeriodSeconds;
        Instant graceEnds = task.startedAt.plusSeconds(grace == null ? 0 : grace);
        Instant stopAt = graceEnds.isAfter(world.now()) ? graceEnds : world.now();
        world.at(stopAt, () -> {
            if (task.running()) {
                fail(task, "ServiceSchedulerInitiated", "Task failed ELB health checks in (target-group "
                        + target.targetGroupArn() + ")", false, true);
            }
        });
    }

    private void healthCheckPassed(SimTask task) {
        if (!task.running() || --task.healthChecksPending > 0) {
            return;
        }
        task.healthy = true;
        task.healthyAt = world.now();
        RollingScheduler.taskHealthy(task);
        if (task.profile.healthCheck() != null) {
            task.healthStatus = "HEALTHY";
            for (SimTask.SimContainer container : task.containers) {
                if (container.healthStatus != null) {
                    container.healthStatus = "HEALTHY";
                }
            }
        }
        task.version++;
    }

    /** When a -latecrash image exits: long after a rollout of it has completed. */
    static final java.time.Duration LATE_CRASH_AFTER = java.time.Duration.ofMinutes(5);

    private void crashed(SimTask task) {
        if (!task.running()) {
            return;
        }
        for (SimTask.SimContainer container : task.containers) {
            if (container.image.equals(task.profile.failingImage())) {
                container.exitCode = 1;
                container.lastStatus = "STOPPED";
            }
        }
        fail(task, "EssentialContainerExited", "Essential container in task exited", false, false);
    }

    private void containerUnhealthy(SimTask task) {
        if (!task.running()) {
            return;
        }
        task.healthStatus = "UNHEALTHY";
        for (SimTask.SimContainer container : task.containers) {
            if (container.image.equals(task.profile.failingImage())) {
                container.healthStatus = "UNHEALTHY";
            }
        }
        task.service.event(ids.uuid(), world.now(),
                task.service.eventPrefix() + " (task " + task.id + ") failed container health checks.");
        fail(task, "ServiceSchedulerInitiated", "Task failed container health checks", false, true);
    }

    private void fail(SimTask task, String stopCode, String reason, boolean beforeRunning, boolean healthCheck) {
        task.failed = true;
        beginStop(task, stopCode, reason);
        failures.taskFailed(task, beforeRunning, healthCheck);
    }

    /**
     * Starts stopping a task. A task that never ran stops at once; a running one behind a load
     * balancer drains first (DEACTIVATING for the deregistration delay), then goes through
     * STOPPING; containers still running shut down cleanly (exit code 0).
     */
    private void beginStop(SimTask task, String stopCode, String reason) {
        if (!"RUNNING".equals(task.desiredStatus)) {
            return;
        }
        Instant now = world.now();
        boolean wasRunning = "RUNNING".equals(task.lastStatus);
        task.desiredStatus = "STOPPED";
        task.stopCode = stopCode;
        task.stoppedReason = reason;
        task.stoppingAt = now;
        task.healthy = false;
        task.version++;
        for (SimTask.SimContainer container : task.containers) {
            if ("RUNNING".equals(container.lastStatus)) {
                container.exitCode = 0;
            }
        }
        if (!wasRunning) {
            world.at(now.plus(Duration.ofMillis(500)), () -> stopped(task));
        } else if (task.targets.isEmpty()) {
            toStopping(task);
        } else {
            task.lastStatus = "DEACTIVATING";
            task.service.event(ids.uuid(), now, task.service.eventPrefix() + " has begun draining connections on 1 tasks.");
            for (SimTask.Target target : task.targets) {
                task.service.event(ids.uuid(), now, task.service.eventPrefix() + " deregistered 1 targets in (target-group "
                        + target.targetGroupArn() + ")");
            }
            int[] draining = {task.targets.size()};
            for (SimTask.Target target : task.targets) {
                loadBalancing.deregister(task.cluster.region, target.targetGroupArn(), target.id(), target.port(), () -> {
                    if (--draining[0] == 0) {
                        toStopping(task);
                    }
                });
            }
        }
    }

    private void toStopping(SimTask task) {
        task.lastStatus = "STOPPING";
        task.version++;
        world.at(world.now().plus(timings.stop()), () -> stopped(task));
    }

    private void stopped(SimTask task) {
        Instant now = world.now();
        task.lastStatus = "STOPPED";
        task.executionStoppedAt = now;
        task.stoppedAt = now;
        task.version++;
        for (SimTask.SimContainer container : task.containers) {
            container.lastStatus = "STOPPED";
        }
        task.service.tasks.remove(task);
        task.cluster.rememberStopped(task);
        if (task.containerInstance != null) {
            task.containerInstance.version++;
        }
    }
}
