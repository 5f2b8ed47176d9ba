package dev.berth.sim.cloudformation.signals;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * An Auto Scaling group's UpdatePolicy: AutoScalingRollingUpdate (replace instances in batches)
 * or AutoScalingReplacingUpdate (replace the whole group), and which changes set them off.
 */
public record RollingUpdatePolicy(int maxBatchSize, int minInstancesInService, int minSuccessfulPercent, Duration pauseTime,
                                  boolean waitOnResourceSignals) {
    /** Changes to these properties replace the group's instances. */
    public static final Set<String> INSTANCE_PROPERTIES = Set.of("LaunchConfigurationName", "LaunchTemplate",
            "MixedInstancesPolicy", "VPCZoneIdentifier", "PlacementGroup");

    /** The rolling update a resolved UpdatePolicy asks for, if any. @throws IllegalArgumentException naming the bad value */
    public static Optional<RollingUpdatePolicy> of(JsonNode updatePolicy) {
        JsonNode rolling = updatePolicy == null ? null : updatePolicy.get("AutoScalingRollingUpdate");
        if (rolling == null || rolling.isNull() || rolling.isMissingNode()) {
            return Optional.empty();
        }
        if (!rolling.isObject()) {
            throw new IllegalArgumentException("UpdatePolicy AutoScalingRollingUpdate must be an object");
        }
        int batch = SignalPolicy.integer(rolling.get("MaxBatchSize"), 1, "AutoScalingRollingUpdate MaxBatchSize");
        if (batch < 1) {
            throw new IllegalArgumentException("AutoScalingRollingUpdate MaxBatchSize must be at least 1, not " + batch);
        }
        int min = SignalPolicy.integer(rolling.get("MinInstancesInService"), 0, "AutoScalingRollingUpdate MinInstancesInService");
        int percent = SignalPolicy.integer(rolling.get("MinSuccessfulInstancesPercent"), 100,
                "AutoScalingRollingUpdate MinSuccessfulInstancesPercent");
        if (percent > 100) {
            throw new IllegalArgumentException("AutoScalingRollingUpdate MinSuccessfulInstancesPercent must be at most 100, not " + percent);
        }
        boolean wait = rolling.path("WaitOnResourceSignals").asText("false").equalsIgnoreCase("true");
        Duration pause = rolling.hasNonNull("PauseTime") ? SignalPolicy.duration(rolling.get("PauseTime"), "AutoScalingRollingUpdate PauseTime")
                : wait ? Duration.ofMinutes(5) : Duration.ZERO;
        if (pause.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("AutoScalingRollingUpdate PauseTime must be at most PT1H, not " + rolling.get("PauseTime").asText());
        }
        return Optional.of(new RollingUpdatePolicy(batch, min, percent, pause, wait));
    }

    /** Whether the policy replaces the whole group rather than updating it in place. */
    public static boolean willReplace(JsonNode updatePolicy) {
        return updatePolicy != null && updatePolicy.path("AutoScalingReplacingUpdate").path("WillReplace").asText("false")
                .equalsIgnoreCase("true");
    }

    /** The signals one batch of {@code launched} new instances must send. */
    public SignalPolicy batchSignals(int launched) {
        return new SignalPolicy(launched, pauseTime, minSuccessfulPercent, true);
    }
}
