package dev.berth.engine.rollout;

import software.amazon.awssdk.services.ecs.model.Deployment;

import java.time.Instant;

/** One entry of a service's deployments as observed: which task definition, how many tasks, what state. */
public record DeploymentView(
        String id,
        String status,
        String taskDefinition,
        int desired,
        int pending,
        int running,
        int failed,
        String rolloutState,
        String rolloutStateReason,
        Instant createdAt) {

    public static DeploymentView of(Deployment d) {
        return new DeploymentView(d.id(), d.status(), d.taskDefinition(),
                zero(d.desiredCount()), zero(d.pendingCount()), zero(d.runningCount()), zero(d.failedTasks()),
                d.rolloutStateAsString(), d.rolloutStateReason(), d.createdAt());
    }

    public boolean primary() {
        return "PRIMARY".equals(status);
    }

    /** The task definition as {@code family:revision}, the way people name it. */
    public String taskDefinitionName() {
        return TaskDefinitions.shortName(taskDefinition);
    }

    /** Equal in everything a person watching would notice. */
    boolean sameCountsAs(DeploymentView other) {
        return id.equals(other.id) && status.equals(other.status) && desired == other.desired
                && pending == other.pending && running == other.running && failed == other.failed
                && java.util.Objects.equals(rolloutState, other.rolloutState);
    }

    private static int zero(Integer value) {
        return value == null ? 0 : value;
    }
}
