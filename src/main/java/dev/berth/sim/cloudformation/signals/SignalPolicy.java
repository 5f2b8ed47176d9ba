package dev.berth.sim.cloudformation.signals;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How many signals a resource waits for and how long: a CreationPolicy's ResourceSignal (with an
 * Auto Scaling group's MinSuccessfulInstancesPercent), or one batch of a rolling update.
 */
public record SignalPolicy(int count, Duration timeout, int minSuccessfulPercent, boolean autoScalingGroup) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    static final Duration MAX_TIMEOUT = Duration.ofHours(12);
    static final String AUTO_SCALING_GROUP = "AWS::AutoScaling::AutoScalingGroup";

    public SignalPolicy {
        if (count < 0 || minSuccessfulPercent < 0 || minSuccessfulPercent > 100) {
            throw new IllegalArgumentException("count " + count + " and percent " + minSuccessfulPercent + " out of range");
        }
    }

    /**
     * The signals a resolved CreationPolicy asks for; empty when it asks for none (no ResourceSignal, or a Count of 0).
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static Optional<SignalPolicy> ofCreationPolicy(JsonNode creationPolicy, String type) {
        JsonNode signal = creationPolicy == null ? null : creationPolicy.get("ResourceSignal");
        if (signal == null || signal.isNull() || signal.isMissingNode()) {
            return Optional.empty();
        }
        if (!signal.isObject()) {
            throw new IllegalArgumentException("CreationPolicy ResourceSignal must be an object");
        }
        int count = integer(signal.get("Count"), 1, "ResourceSignal Count");
        Duration timeout = duration(signal.get("Timeout"), "ResourceSignal Timeout");
        int percent = integer(creationPolicy.path("AutoScalingCreationPolicy").get("MinSuccessfulInstancesPercent"), 100,
                "AutoScalingCreationPolicy MinSuccessfulInstancesPercent");
        if (percent > 100) {
            throw new IllegalArgumentException("AutoScalingCreationPolicy MinSuccessfulInstancesPercent must be at most 100, not "
                    + percent);
        }
        return count == 0 ? Optional.empty() : Optional.of(new SignalPolicy(count, timeout, percent, AUTO_SCALING_GROUP.equals(type)));
    }

    /** The success signals that satisfy the policy: MinSuccessfulInstancesPercent of Count, rounded up. */
    public int successesNeeded() {
        return (count * minSuccessfulPercent + 99) / 100;
    }

    static int integer(JsonNode value, int fallback, String what) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return fallback;
        }
        String text = value.asText().trim();
        if (!text.matches("\\d{1,9}")) {
            throw new IllegalArgumentException(what + " must be a non-negative integer, not '" + value.asText() + "'");
        }
        return Integer.parseInt(text);
    }

    static Duration duration(JsonNode value, String what) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return DEFAULT_TIMEOUT;
        }
        Duration duration;
        try {
            duration = Duration.parse(value.asText().trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " must be an ISO 8601 duration such as PT15M, not '" + value.asText() + "'");
        }
        if (duration.isNegative() || duration.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(what + " must be at most PT12H, not " + value.asText());
        }
        return duration;
    }
}
