package dev.berth.sim.ecs;

import java.time.Instant;

/**
 * The instant a deployment reached its end state, in simulated time and on the wall clock, so
 * that a watcher's detection latency can be measured against it.
 */
public record RolloutRecord(String region, String cluster, String service, String deploymentId,
                            String taskDefinition, String rolloutState, Instant simulatedAt, Instant wallClockAt) {
}
