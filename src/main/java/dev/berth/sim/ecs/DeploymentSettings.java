package dev.berth.sim.ecs;

import java.util.List;

/**
 * A service's deployment configuration: the rolling-update bounds, the circuit breaker, and the
 * CloudWatch alarms that fail a deployment.
 */
record DeploymentSettings(int maximumPercent, int minimumHealthyPercent, boolean breakerEnabled, boolean breakerRollback,
                          List<String> alarmNames, boolean alarmsEnabled, boolean alarmsRollback) {
    static final DeploymentSettings DEFAULT = new DeploymentSettings(200, 100, false, false, null, false, false);

    DeploymentSettings {
        alarmNames = alarmNames == null ? null : List.copyOf(alarmNames);
    }

    /** Whether ECS watches alarms during this configuration's deployments. */
    boolean watchesAlarms() {
        return alarmsEnabled && alarmNames != null && !alarmNames.isEmpty();
    }

    /** The most tasks RUNNING or PENDING during a deployment: desired × max% rounded down. */
    int upperBound(int desired) {
        return (int) ((long) desired * maximumPercent / 100);
    }

    /** The fewest healthy tasks during a deployment: desired × min% rounded up. */
    int lowerBound(int desired) {
        return (int) (((long) desired * minimumHealthyPercent + 99) / 100);
    }

    /** Failed tasks that trip the circuit breaker: half the desired count, rounded up, within [3, 200]. */
    static int breakerThreshold(int desired) {
        return Math.min(200, Math.max(3, (desired + 1) / 2));
    }
}
