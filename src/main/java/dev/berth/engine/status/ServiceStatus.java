package dev.berth.engine.status;

import dev.berth.engine.rollout.DeploymentView;
import dev.berth.engine.rollout.RolloutBounds;
import dev.berth.engine.rollout.ServiceEventView;

import java.util.List;

/** A service as it is now: counts, deployment configuration with its bounds, deployments, recent events. */
public record ServiceStatus(
        String service,
        String status,
        String taskDefinition,
        int desired,
        int running,
        int pending,
        RolloutBounds bounds,
        boolean circuitBreaker,
        boolean rollback,
        List<DeploymentView> deployments,
        List<ServiceEventView> recentEvents) {
}
