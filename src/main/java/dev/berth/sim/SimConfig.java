package dev.berth.sim;

import dev.berth.sim.ecs.ImageBehaviour;
import dev.berth.sim.ecs.TaskTimings;
import dev.berth.sim.http.ApiFaults;

import java.util.Map;

/**
 * How to start the simulator. Port 0 picks a free port. {@code sessionDuration} caps the lifetime of
 * credentials from STS AssumeRole (zero: as asked), to rehearse credentials expiring mid-rollout.
 */
public record SimConfig(int port, double speed, long seed, String region, String accountId,
                        ApiFaults.Settings apiFaults, Map<String, ImageBehaviour> imageFaults, TaskTimings timings,
                        java.time.Duration sessionDuration, SimVariations.Settings variations) {

    public static final int DEFAULT_PORT = 4566;
    public static final String DEFAULT_ACCOUNT = "000000000000";
    public static final String DEFAULT_REGION = "us-east-1";

    public SimConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (!(speed > 0) || speed > 10_000) {
            throw new IllegalArgumentException("speed must be greater than 0 and at most 10000, got " + speed);
        }
        imageFaults = Map.copyOf(imageFaults);
        sessionDuration = sessionDuration == null ? java.time.Duration.ZERO : sessionDuration;
        variations = variations == null ? SimVariations.Settings.NONE : variations;
        if (sessionDuration.isNegative()) {
            throw new IllegalArgumentException("session duration must not be negative, got " + sessionDuration);
        }
    }

    public SimConfig(int port, double speed, long seed, String region, String accountId, ApiFaults.Settings apiFaults,
                     Map<String, ImageBehaviour> imageFaults, TaskTimings timings) {
        this(port, speed, seed, region, accountId, apiFaults, imageFaults, timings, java.time.Duration.ZERO);
    }

    public SimConfig(int port, double speed, long seed, String region, String accountId, ApiFaults.Settings apiFaults,
                     Map<String, ImageBehaviour> imageFaults, TaskTimings timings, java.time.Duration sessionDuration) {
        this(port, speed, seed, region, accountId, apiFaults, imageFaults, timings, sessionDuration, SimVariations.Settings.NONE);
    }

    public SimConfig withVariations(SimVariations.Settings next) {
        return new SimConfig(port, speed, seed, region, accountId, apiFaults, imageFaults, timings, sessionDuration, next);
    }

    public SimConfig withSessionDuration(java.time.Duration duration) {
        return new SimConfig(port, speed, seed, region, accountId, apiFaults, imageFaults, timings, duration, variations);
    }

    public static SimConfig defaults() {
        return new SimConfig(DEFAULT_PORT, 1, 1, DEFAULT_REGION, DEFAULT_ACCOUNT, ApiFaults.Settings.NONE, Map.of(),
                TaskTimings.DEFAULT);
    }

    public SimConfig withPort(int newPort) {
        return new SimConfig(newPort, speed, seed, region, accountId, apiFaults, imageFaults, timings, sessionDuration, variations);
    }

    public SimConfig withSpeed(double newSpeed) {
        return new SimConfig(port, newSpeed, seed, region, accountId, apiFaults, imageFaults, timings, sessionDuration, variations);
    }

    public SimConfig withSeed(long newSeed) {
        return new SimConfig(port, speed, newSeed, region, accountId, apiFaults, imageFaults, timings, sessionDuration, variations);
    }

    public SimConfig withApiFaults(ApiFaults.Settings faults) {
        return new SimConfig(port, speed, seed, region, accountId, faults, imageFaults, timings, sessionDuration, variations);
    }

    public SimConfig withImageFaults(Map<String, ImageBehaviour> faults) {
        return new SimConfig(port, speed, seed, region, accountId, apiFaults, faults, timings, sessionDuration, variations);
    }
}
