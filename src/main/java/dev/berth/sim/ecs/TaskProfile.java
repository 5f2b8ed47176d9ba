package dev.berth.sim.ecs;

import java.time.Duration;

/** How one task will behave, decided from its images when it is launched. */
record TaskProfile(ImageBehaviour behaviour, String failingImage, SimTaskDefinition.HealthCheck healthCheck) {

    /** Time from launch to PENDING, to pulled, and to RUNNING. */
    Duration scaled(Duration base, TaskTimings timings) {
        return behaviour == ImageBehaviour.SLOW ? base.multipliedBy(timings.slowFactor()) : base;
    }

    /** When a task without a passing health check is judged unhealthy, after it started. */
    Duration unhealthyAfter() {
        SimTaskDefinition.HealthCheck check = healthCheck != null ? healthCheck
                : new SimTaskDefinition.HealthCheck(TaskTimings.IMPLICIT_HEALTH_INTERVAL_SECONDS,
                        TaskTimings.IMPLICIT_HEALTH_RETRIES, 0);
        return Duration.ofSeconds(check.startPeriodSeconds() + (long) check.intervalSeconds() * check.retries());
    }

    /** When a task with a health check first passes it, after it started. */
    Duration healthyAfter(TaskTimings timings) {
        return healthCheck == null ? timings.settle() : Duration.ofSeconds(Math.max(1, healthCheck.intervalSeconds()));
    }
}
