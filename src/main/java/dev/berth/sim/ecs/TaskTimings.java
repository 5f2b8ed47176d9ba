package dev.berth.sim.ecs;

import java.time.Duration;

/**
 * How long each step of a task's life takes in simulated time. ECS waits 40 s after RUNNING before
 * it counts a task without health checks as healthy; the simulator settles sooner so that a rollout
 * can be rehearsed quickly, and a crashing image exits before it settles, as it would on ECS.
 */
public record TaskTimings(
        Duration provisioning,
        Duration pull,
        Duration start,
        Duration settle,
        Duration crashAfter,
        Duration stop,
        int slowFactor) {

    public static final TaskTimings DEFAULT = new TaskTimings(
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1),
            Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(2), 10);

    /** Health-check settings the simulator applies to an -unhealthy image that declares none. */
    static final int IMPLICIT_HEALTH_INTERVAL_SECONDS = 10;
    static final int IMPLICIT_HEALTH_RETRIES = 3;
}
