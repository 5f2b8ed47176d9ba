package dev.berth.sim.ecs;

import java.time.Instant;

/**
 * One entry of a service's {@code deployments[]}, together with its service-deployment and
 * service-revision identities for ListServiceDeployments and DescribeServiceDeployments.
 */
final class SimDeployment {
    final String id;
    final SimTaskDefinition taskDefinition;
    final Instant createdAt;
    final String serviceDeploymentArn;
    final String serviceRevisionArn;
    final DeploymentSettings settings;

    String status = "PRIMARY";
    String rolloutState = "IN_PROGRESS";
    String rolloutStateReason;
    Instant updatedAt;
    int failedTasks;
    /** Once a task of this deployment has been healthy, start failures no longer trip the breaker. */
    boolean hadHealthyTask;
    Instant finishedAt;

    /** The service-deployment view: its status and the rollback, if one happened. */
    String serviceDeploymentStatus = "IN_PROGRESS";
    String serviceDeploymentStatusReason;
    String rollbackReason;
    Instant rollbackStartedAt;
    String rollbackRevisionArn;
    String breakerStatus;
    /** The alarms check: DISABLED, MONITORING, TRIGGERED or MONITORING_COMPLETE, and the alarms that failed it. */
    String alarmStatus;
    java.util.List<String> triggeredAlarms = java.util.List.of();
    /** When the bake time after a steady state ends, once it has begun. */
    Instant bakeEndsAt;
    /** Whether this deployment was made PRIMARY again by a rollback; its alarms are not watched again. */
    boolean rollback;
    /** The deployments whose tasks were running when this one started (its source revisions). */
    java.util.List<SimDeployment> sources = java.util.List.of();

    SimDeployment(String id, SimTaskDefinition taskDefinition, Instant createdAt, String serviceDeploymentArn,
                  String serviceRevisionArn, DeploymentSettings settings) {
        this.id = id;
        this.taskDefinition = taskDefinition;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.serviceDeploymentArn = serviceDeploymentArn;
        this.serviceRevisionArn = serviceRevisionArn;
        this.settings = settings;
        this.rolloutStateReason = "ECS deployment " + id + " in progress.";
        this.breakerStatus = settings.breakerEnabled() ? "MONITORING" : "DISABLED";
        this.alarmStatus = settings.watchesAlarms() ? "MONITORING" : "DISABLED";
    }

    boolean primary() {
        return "PRIMARY".equals(status);
    }
}
