package dev.berth.sim.ecs;

import dev.berth.sim.SimWorld;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ECS service scheduler for the rolling-update (ECS) deployment controller. On every pass it
 * starts tasks of the PRIMARY deployment up to the upper bound (desired × MaximumPercent, rounded
 * down, RUNNING + PENDING), stops tasks of older deployments only while the healthy count stays at
 * or above the lower bound (desired × MinimumHealthyPercent, rounded up), trips the circuit
 * breaker, rolls back, and declares deployments completed. When it can neither start nor stop a
 * task the deployment stays IN_PROGRESS, as on ECS.
 */
final class RollingScheduler {
    private static final Duration MAX_LAUNCH_BACKOFF = Duration.ofMinutes(15);
    private static final Duration FIRST_LAUNCH_BACKOFF = Duration.ofSeconds(10);
    private static final int START_FAILURES_BEFORE_BACKOFF = 3;
    private static final Duration PLACEMENT_EVENT_REPEAT = Duration.ofMinutes(5);

    private final SimWorld world;
    private final TaskLifecycle lifecycle;
    private final EcsIds ids;
    private final Consumer<RolloutRecord> rolloutLog;
    private final DeploymentAlarmWatch alarms;
    private final DeploymentFailures failures;

    RollingScheduler(SimWorld world, TaskLifecycle lifecycle, EcsIds ids, Consumer<RolloutRecord> rolloutLog,
                     DeploymentAlarmWatch alarms) {
        this.world = world;
        this.alarms = alarms;
        this.failures = new DeploymentFailures(world, ids, rolloutLog);
        this.lifecycle = lifecycle;
        this.ids = ids;
        this.rolloutLog = rolloutLog;
        lifecycle.onFailure(this::taskFailed);
    }

    void reconcile(EcsRegion region, SimService service) {
        if ("DRAINING".equals(service.status)) {
            drain(service);
            return;
        }
        SimDeployment primary = service.primary();
        if (!service.active() || primary == null) {
            return;
        }
        int desired = service.desiredCount;
        if ("IN_PROGRESS".equals(primary.rolloutState) && primary.settings.breakerEnabled()
                && primary.failedTasks >= DeploymentSettings.breakerThreshold(desired)) {
            failures.tripBreaker(region, service, primary);
            primary = service.primary();
        }
        if ("IN_PROGRESS".equals(primary.rolloutState)) {
            List<String> fired = alarms.triggered(region.name, primary);
            if (!fired.isEmpty()) {
                failures.alarmsTriggered(region, service, primary, fired);
                primary = service.primary();
            }
        }
        DeploymentSettings settings = service.settings;
        int lower = settings.lowerBound(desired);
        int upper = settings.upperBound(desired);

        List<SimTask> stopped = new ArrayList<>();
        stopUnhealthyOldTasks(service, primary, stopped);
        stopHealthyOldTasks(service, primary, lower, stopped);
        stopExcessTasks(service, primary, desired, stopped);
        List<SimTask> started = launch(region, service, primary, desired, upper);

        if (!stopped.isEmpty()) {
            service.event(ids.uuid(), world.now(), service.eventPrefix() + " has stopped " + stopped.size()
                    + " running tasks: " + taskList(stopped) + ".");
        }
        if (!started.isEmpty()) {
            service.event(ids.uuid(), world.now(), service.eventPrefix() + " has started " + started.size()
                    + " tasks: " + taskList(started) + ".");
        }
        if (stopped.isEmpty() && started.isEmpty()) {
            reportIfStuck(service, primary, lower, upper);
        }
        completeIfDone(region, service, primary, desired);
    }

    private void drain(SimService service) {
        for (SimTask task : List.copyOf(service.tasks)) {
            if (task.active()) {
                lifecycle.stop(task, "ServiceSchedulerInitiated", "Service is being deleted");
            }
        }
        if (service.tasks.isEmpty()) {
            service.status = "INACTIVE";
            for (SimDeployment deployment : service.deployments) {
                deployment.status = "INACTIVE";
            }
        }
    }

    /** Whether the task runs on a DRAINING container instance: ECS replaces it like a task of an older deployment. */
    static boolean draining(SimTask task) {
        return task.containerInstance != null && "DRAINING".equals(task.containerInstance.status);
    }

    /** Whether the scheduler replaces the task: it belongs to an older deployment, or its instance is draining. */
    private static boolean leaving(SimTask task, SimDeployment primary) {
        return task.deployment != primary || draining(task);
    }

    /** Pending or unhealthy tasks of older deployments or draining instances hold up nothing: stop them at once. */
    private void stopUnhealthyOldTasks(SimService service, SimDeployment primary, List<SimTask> stopped) {
        for (SimTask task : List.copyOf(service.tasks)) {
            if (leaving(task, primary) && task.active() && !task.healthy) {
                stopForScaling(task, primary, stopped);
            }
        }
    }

    /** Healthy old tasks go one by one, oldest deployment first, while the lower bound holds. */
    private void stopHealthyOldTasks(SimService service, SimDeployment primary, int lower, List<SimTask> stopped) {
        int healthy = (int) service.tasks.stream().filter(t -> t.active() && t.healthy).count();
        List<SimTask> candidates = new ArrayList<>();
        for (SimTask task : service.tasks) {
            if (leaving(task, primary) && task.active() && task.healthy) {
                candidates.add(task);
            }
        }
        candidates.sort(Comparator.comparing((SimTask t) -> t.deployment.createdAt).thenComparing(t -> t.createdAt));
        for (SimTask task : candidates) {
            if (healthy - 1 < lower) {
                break;
            }
            stopForScaling(task, primary, stopped);
            healthy--;
        }
    }

    /** The PRIMARY keeps no more than the desired count: unhealthy and newest tasks go first. */
    private void stopExcessTasks(SimService service, SimDeployment primary, int desired, List<SimTask> stopped) {
        List<SimTask> own = new ArrayList<>();
        for (SimTask task : service.tasks) {
            if (task.deployment == primary && task.active() && !draining(task)) {
                own.add(task);
            }
        }
        own.sort(Comparator.comparing((SimTask t) -> t.healthy).thenComparing(t -> t.createdAt, Comparator.reverseOrder()));
        for (int i = 0; i < own.size() - desired; i++) {
            stopForScaling(own.get(i), primary, stopped);
        }
    }

    private List<SimTask> launch(EcsRegion region, SimService service, SimDeployment primary, int desired, int upper) {
        List<SimTask> started = new ArrayList<>();
        if ("FAILED".equals(primary.rolloutState)) {
            return started; // a FAILED deployment launches no new tasks
        }
        if (service.launchNotBefore != null && world.now().isBefore(service.launchNotBefore)) {
            return started;
        }
        long active = service.tasks.stream().filter(SimTask::active).count();
        long own = service.tasks.stream().filter(t -> t.deployment == primary && t.active() && !draining(t)).count();
        long room = Math.min(desired - own, Math.max(upper, desired) - active);
        for (long i = 0; i < room; i++) {
            TaskPlacer.Choice choice = TaskPlacer.choose(service, primary.taskDefinition);
            if (!choice.placed()) {
                reportPlacementFailure(service, choice.failure());
                break;
            }
            service.placementFailure = null;
            started.add(lifecycle.launch(region, service, primary, choice.instance()));
        }
        if (!started.isEmpty()) {
            service.steady = false;
        }
        return started;
    }

    /** ECS repeats a placement failure while it lasts; the simulator says it again when it changes or every 5 minutes. */
    private void reportPlacementFailure(SimService service, String message) {
        Instant now = world.now();
        if (message.equals(service.placementFailure) && service.placementFailureAt != null
                && now.isBefore(service.placementFailureAt.plus(PLACEMENT_EVENT_REPEAT))) {
            return;
        }
        service.placementFailure = message;
        service.placementFailureAt = now;
        service.event(ids.uuid(), now, message);
        world.at(now.plus(PLACEMENT_EVENT_REPEAT), () -> { });
    }

    private void stopForScaling(SimTask task, SimDeployment primary, List<SimTask> stopped) {
        lifecycle.stop(task, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment " + primary.id + ")");
        stopped.add(task);
    }

    private void reportIfStuck(SimService service, SimDeployment primary, int lower, int upper) {
        if (!"IN_PROGRESS".equals(primary.rolloutState) || service.stuckReported) {
            return;
        }
        boolean oldTasksRemain = false;
        for (SimTask task : service.tasks) {
            if (!task.active() || !task.healthy) {
                return; // something is still changing; not stuck yet
            }
            oldTasksRemain |= leaving(task, primary);
        }
        long active = service.tasks.size();
        if (oldTasksRemain && active >= upper && active - 1 < lower) {
            service.stuckReported = true;
            service.event(ids.uuid(), world.now(), service.eventPrefix() + " was unable to stop or start tasks during a "
                    + "deployment because of the service deployment configuration. Update the minimumHealthyPercent "
                    + "or maximumPercent value and try again.");
        }
    }

    private void completeIfDone(EcsRegion region, SimService service, SimDeployment primary, int desired) {
        long healthyOwn = service.tasks.stream().filter(t -> t.deployment == primary && t.active() && t.healthy).count();
        long activeOwn = service.tasks.stream().filter(t -> t.deployment == primary && t.active()).count();
        boolean othersGone = service.tasks.stream().allMatch(t -> t.deployment == primary && !draining(t));
        boolean steadyNow = healthyOwn == desired && activeOwn == desired && othersGone;
        if (steadyNow && "IN_PROGRESS".equals(primary.rolloutState) && baked(region, primary)) {
            complete(region, service, primary);
        }
        if (steadyNow && !service.steady && "COMPLETED".equals(primary.rolloutState)) {
            service.event(ids.uuid(), world.now(), service.eventPrefix() + " has reached a steady state.");
        }
        service.steady = steadyNow;
    }

    private void complete(EcsRegion region, SimService service, SimDeployment primary) {
        Instant now = world.now();
        primary.rolloutState = "COMPLETED";
        primary.rolloutStateReason = "ECS deployment " + primary.id + " completed.";
        primary.updatedAt = now;
        primary.finishedAt = now;
        if (primary.settings.breakerEnabled()) {
            primary.breakerStatus = "MONITORING_COMPLETE";
        }
        if ("MONITORING".equals(primary.alarmStatus)) {
            primary.alarmStatus = "MONITORING_COMPLETE";
        }
        boolean rollbackTarget = false;
        for (SimDeployment other : service.deployments) {
            if (other == primary) {
                continue;
            }
            other.status = "INACTIVE";
            other.updatedAt = now;
            if ("ROLLBACK_IN_PROGRESS".equals(other.serviceDeploymentStatus)) {
                other.serviceDeploymentStatus = "ROLLBACK_SUCCESSFUL";
                other.finishedAt = now;
                rollbackTarget = true;
            } else if ("IN_PROGRESS".equals(other.serviceDeploymentStatus)) {
                other.serviceDeploymentStatus = "STOPPED";
                other.serviceDeploymentStatusReason = "Superseded by service deployment " + primary.serviceDeploymentArn;
                other.finishedAt = now;
            }
        }
        if (!rollbackTarget) {
            primary.serviceDeploymentStatus = "SUCCESSFUL";
        }
        service.deployments.removeIf(d -> d != primary);
        service.stuckReported = false;
        service.event(ids.uuid(), now, service.eventPrefix() + " (deployment " + primary.id + ") deployment completed.");
        rolloutLog.accept(record(world, region, service, primary));
    }

    /**
     * With deployment alarms, a deployment that reached a steady state completes only after the
     * bake time, during which its alarms are still watched.
     */
    private boolean baked(EcsRegion region, SimDeployment primary) {
        if (!primary.settings.watchesAlarms() || primary.rollback) {
            return true;
        }
        if (primary.bakeEndsAt == null) {
            primary.bakeEndsAt = world.now().plus(alarms.bakeTime(region.name, primary));
            world.at(primary.bakeEndsAt, () -> { });
            return false;
        }
        return !world.now().isBefore(primary.bakeEndsAt);
    }

    private void taskFailed(SimTask task, boolean beforeRunning, boolean healthCheck) {
        SimDeployment deployment = task.deployment;
        SimService service = task.service;
        if ("IN_PROGRESS".equals(deployment.rolloutState) && (healthCheck || !deployment.hadHealthyTask)) {
            deployment.failedTasks++;
            deployment.updatedAt = world.now();
        }
        if (beforeRunning) {
            service.consecutiveStartFailures++;
            int beyond = service.consecutiveStartFailures - START_FAILURES_BEFORE_BACKOFF;
            if (beyond >= 0) {
                Duration backoff = FIRST_LAUNCH_BACKOFF.multipliedBy(1L << Math.min(beyond, 10));
                service.launchNotBefore = world.now().plus(backoff.compareTo(MAX_LAUNCH_BACKOFF) > 0 ? MAX_LAUNCH_BACKOFF : backoff);
                world.at(service.launchNotBefore, () -> { });
                if (beyond == 0) {
                    service.event(ids.uuid(), world.now(), service.eventPrefix() + " is unable to consistently start tasks "
                            + "successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.");
                }
            }
        }
    }

    /** A healthy task resets the failure streaks, as on ECS. */
    static void taskHealthy(SimTask task) {
        if (!task.deployment.hadHealthyTask) {
            task.deployment.hadHealthyTask = true;
            task.deployment.failedTasks = 0;
        }
        task.service.consecutiveStartFailures = 0;
        task.service.launchNotBefore = null;
    }

    static RolloutRecord record(SimWorld world, EcsRegion region, SimService service, SimDeployment deployment) {
        Instant at = world.now();
        return new RolloutRecord(region.name, service.cluster.name, service.name, deployment.id,
                deployment.taskDefinition.arn, deployment.rolloutState, at, world.clock().wallClockOf(at));
    }

    private static String taskList(List<SimTask> tasks) {
        StringBuilder list = new StringBuilder();
        for (SimTask task : tasks) {
            if (!list.isEmpty()) {
                list.append(' ');
            }
            list.append("(task ").append(task.id).append(')');
        }
        return list.toString();
    }
}
