package dev.berth.sim.ecs;

import dev.berth.sim.SimWorld;

import java.time.Duration;
import java.time.Instant;

/**
 * Moves tasks through PROVISIONING → PENDING → RUNNING → STOPPING → STOPPED on the simulated clock,
 * with the failures their images call for, and tells the scheduler when a task fails.
 */
final class TaskLifecycle {
    /** What the scheduler learns about failed tasks. */
    interface FailureListener {
        void taskFailed(SimTask task, boolean beforeRunning, boolean healthCheck);
    }

    private final SimWorld world;
    private final TaskTimings timings;
    private final ImageFaults imageFaults;
    private final EcsIds ids;
    private FailureListener failures = (task, beforeRunning, healthCheck) -> { };

    TaskLifecycle(SimWorld world, TaskTimings timings, ImageFaults imageFaults, EcsIds ids) {
        this.world = world;
        this.timings = timings;
        this.imageFaults = imageFaults;
        this.ids = ids;
    }

    void onFailure(FailureListener listener) {
        this.failures = listener;
    }

    SimTask launch(EcsRegion region, SimService service, SimDeployment deployment) {
        SimCluster cluster = service.cluster;
        String id = ids.taskId();
        SimTask task = new SimTask(id, region.arn("task/" + cluster.name + "/" + id), cluster, service, deployment,
                deployment.taskDefinition, profileOf(deployment.taskDefinition), world.now());
        for (SimTaskDefinition.ContainerSpec spec : deployment.taskDefinition.containers) {
            task.containers.add(new SimTask.SimContainer(spec.name(), spec.image(), spec.essential(), id + "-" + spec.name(),
                    region.arn("container/" + cluster.name + "/" + id + "/" + ids.uuid()), spec.healthCheck() != null));
        }
        cluster.tasks.put(id, task);
        service.tasks.add(task);
        world.at(world.now().plus(task.profile.scaled(timings.provisioning(), timings)), () -> toPending(task));
        return task;
    }

    /** The scheduler, or a user, stops a task on purpose. */
    void stop(SimTask task, String stopCode, String reason) {
        beginStop(task, stopCode, reason);
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
        if (task.profile.behaviour() == ImageBehaviour.NOPULL) {
            String reason = "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref "
                    + task.profile.failingImage() + ": not found";
            for (SimTask.SimContainer container : task.containers) {
                if (container.image.equals(task.profile.failingImage())) {
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
        switch (task.profile.behaviour()) {
            case CRASH -> world.at(now.plus(timings.crashAfter()), () -> crashed(task));
            case UNHEALTHY -> world.at(now.plus(task.profile.unhealthyAfter()), () -> unhealthy(task));
            default -> world.at(now.plus(task.profile.healthyAfter(timings)), () -> healthy(task));
        }
    }

    private void healthy(SimTask task) {
        if (!task.running()) {
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
        task.failed = true;
        beginStop(task, "EssentialContainerExited", "Essential container in task exited");
        failures.taskFailed(task, false, false);
    }

    private void unhealthy(SimTask task) {
        if (!task.running()) {
            return;
        }
        task.healthStatus = "UNHEALTHY";
        for (SimTask.SimContainer container : task.containers) {
            if (container.image.equals(task.profile.failingImage())) {
                container.healthStatus = "UNHEALTHY";
            }
        }
        task.failed = true;
        task.service.event(ids.uuid(), world.now(),
                task.service.eventPrefix() + " (task " + task.id + ") failed container health checks.");
        beginStop(task, "ServiceSchedulerInitiated", "Task failed container health checks");
        failures.taskFailed(task, false, true);
    }

    /**
     * Starts stopping a task. A task that never ran stops at once; a running one goes through
     * STOPPING, and its containers that are still running shut down cleanly (exit code 0).
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
        if (wasRunning) {
            task.lastStatus = "STOPPING";
            world.at(now.plus(timings.stop()), () -> stopped(task));
        } else {
            world.at(now.plus(Duration.ofMillis(500)), () -> stopped(task));
        }
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
    }
}
