package dev.berth.engine.rollout;

import dev.berth.engine.Outcome;

import java.util.List;

/** The verdict for one service and the evidence behind it. */
public record ServiceResult(
        String service,
        Outcome outcome,
        String reason,
        String expectedTaskDefinition,
        String runningTaskDefinition,
        String deploymentId,
        String rolloutState,
        int desired,
        int lowerBound,
        int upperBound,
        List<StoppedTask> stoppedTasks,
        List<ServiceEventView> serviceEvents,
        List<String> boundViolations) {
}
