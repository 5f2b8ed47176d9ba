package dev.berth.engine.rollout;

import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;

/** A service's deployment configuration: the rollout bounds and the circuit breaker. */
public record RolloutConfiguration(RolloutBounds bounds, boolean circuitBreaker, boolean rollback) {

    public static RolloutConfiguration of(Service service) {
        DeploymentConfiguration config = service.deploymentConfiguration();
        int min = config != null && config.minimumHealthyPercent() != null ? config.minimumHealthyPercent()
                : RolloutBounds.DEFAULT_MINIMUM_HEALTHY_PERCENT;
        int max = config != null && config.maximumPercent() != null ? config.maximumPercent()
                : RolloutBounds.DEFAULT_MAXIMUM_PERCENT;
        boolean breaker = config != null && config.deploymentCircuitBreaker() != null
                && Boolean.TRUE.equals(config.deploymentCircuitBreaker().enable());
        boolean rollback = breaker && Boolean.TRUE.equals(config.deploymentCircuitBreaker().rollback());
        int desired = service.desiredCount() == null ? 0 : service.desiredCount();
        // Fargate and external controllers report values outside the rolling-update range; clamp to judge
        RolloutBounds bounds = new RolloutBounds(desired, Math.max(0, Math.min(100, min)), Math.max(100, max));
        return new RolloutConfiguration(bounds, breaker, rollback);
    }
}
