package dev.berth.sim.ecs;

import dev.berth.sim.SimWorld;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * How ECS fails a deployment, by the circuit breaker or by its alarms: the rollout FAILED with
 * ECS's reason and service event, then back to the last COMPLETED deployment when that failure
 * method asks for rollback, else the deployment stopped.
 */
final class DeploymentFailures {
    private final SimWorld world;
    private final EcsIds ids;
    private final Consumer<RolloutRecord> rolloutLog;

    DeploymentFailures(SimWorld world, EcsIds ids, Consumer<RolloutRecord> rolloutLog) {
        this.world = world;
        this.ids = ids;
        this.rolloutLog = rolloutLog;
    }

    void tripBreaker(EcsRegion region, SimService service, SimDeployment failed) {
        failed.breakerStatus = "TRIGGERED";
        fail(region, service, failed, new Failure("ECS deployment circuit breaker: tasks failed to start.",
                "tasks failed to start", "ECS deployment circuit breaker: rolling back to deploymentId ",
                failed.settings.breakerRollback()));
    }

    void alarmsTriggered(EcsRegion region, SimService service, SimDeployment failed, List<String> fired) {
        failed.alarmStatus = "TRIGGERED";
        failed.triggeredAlarms = List.copyOf(fired);
        fail(region, service, failed, new Failure("ECS deployment alarms triggered: " + String.join(", ", fired) + ".",
                "alarm(s) " + String.join(", ", fired) + " in ALARM state",
                "ECS deployment alarms triggered: rolling back to deploymentId ", failed.settings.alarmsRollback()));
    }

    /** Why a deployment failed, in ECS's words, and whether it rolls back. */
    private record Failure(String reason, String event, String rollingBackTo, boolean rollback) {
    }

    private void fail(EcsRegion region, SimService service, SimDeployment failed, Failure failure) {
        Instant now = world.now();
        failed.rolloutState = "FAILED";
        failed.rolloutStateReason = failure.reason();
        failed.updatedAt = now;
        service.event(ids.uuid(), now, service.eventPrefix() + " (deployment " + failed.id
                + ") deployment failed: " + failure.event() + ".");
        SimDeployment target = null;
        for (SimDeployment candidate : service.deployments) {
            if (candidate != failed && "COMPLETED".equals(candidate.rolloutState)) {
                target = candidate;
                break;
            }
        }
        if (failure.rollback() && target != null) {
            failed.status = "ACTIVE";
            failed.serviceDeploymentStatus = "ROLLBACK_IN_PROGRESS";
            failed.serviceDeploymentStatusReason = failed.rolloutStateReason;
            failed.rollbackReason = failure.rollingBackTo() + target.id + ".";
            failed.rollbackStartedAt = now;
            failed.rollbackRevisionArn = target.serviceRevisionArn;
            service.deployments.remove(target);
            service.deployments.add(0, target);
            target.status = "PRIMARY";
            target.rolloutState = "IN_PROGRESS";
            target.rolloutStateReason = failed.rollbackReason;
            target.rollback = true;
            target.updatedAt = now;
            service.stuckReported = false;
            service.launchNotBefore = null;
            service.event(ids.uuid(), now.plusMillis(1), service.eventPrefix() + " rolling back to deployment "
                    + target.id + ".");
        } else {
            failed.serviceDeploymentStatus = "STOPPED";
            failed.serviceDeploymentStatusReason = failed.rolloutStateReason;
            failed.finishedAt = now;
        }
        rolloutLog.accept(RollingScheduler.record(world, region, service, failed));
    }
}
