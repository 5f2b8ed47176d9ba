package dev.berth.engine.rollout;

import java.time.Instant;
import java.util.List;

/**
 * What one poll saw of one service: every deployment's counts, with the rollout bounds in force,
 * so that a chart can be drawn from the timeline alone.
 */
public record TimelineSample(
        Instant at,
        double elapsedSeconds,
        String service,
        int desired,
        int lowerBound,
        int upperBound,
        List<DeploymentView> deployments) {
}
