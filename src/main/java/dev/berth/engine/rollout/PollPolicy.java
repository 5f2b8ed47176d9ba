package dev.berth.engine.rollout;

import java.time.Duration;

/**
 * How often the watcher asks. Polls are sparse while tasks are still being placed, pulled and
 * started, closer once the new deployment runs all its tasks (it waits for health checks, then for
 * old tasks to go), and quickest when only old tasks are draining or failures are mounting toward
 * the circuit breaker; they back off while nothing changes. All calls together stay under
 * {@code maxCallsPerSecond}.
 */
public record PollPolicy(
        Duration imminentInterval,
        Duration approachingInterval,
        Duration approachingMaxInterval,
        Duration initialInterval,
        Duration imminentMaxInterval,
        Duration idleMaxInterval,
        double backoff,
        double imminentBackoff,
        double maxCallsPerSecond) {

    /** How near the end a rollout looks from one snapshot. */
    public enum Stage {
        /** tasks are still being placed, pulled or started */
        UNDER_WAY,
        /** the new deployment runs all its tasks; health checks and old tasks are still to go */
        APPROACHING,
        /** only old tasks are draining, or failures are mounting toward the circuit breaker */
        IMMINENT
    }

    /**
     * Draining: every 0.5 s, stretching slowly to 2 s for long drains (load balancer deregistration
     * delays). Approaching: every 1 s, stretching to 1.5 s, so that a short drain is not missed.
     * Under way: 1.5 s after a change, stretching to 5 s while nothing moves.
     */
    public static final PollPolicy DEFAULT = new PollPolicy(Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(1500), Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(5), 1.5, 1.1, 5);

    public PollPolicy {
        if (imminentInterval.isNegative() || imminentInterval.isZero()) {
            throw new IllegalArgumentException("imminentInterval must be positive");
        }
        if (approachingInterval.isNegative() || approachingInterval.isZero()
                || approachingMaxInterval.compareTo(approachingInterval) < 0 || imminentMaxInterval.compareTo(imminentInterval) < 0
                || idleMaxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("intervals must be positive, each at most its maximum");
        }
        if (backoff < 1 || imminentBackoff < 1) {
            throw new IllegalArgumentException("backoff factors must be at least 1, got " + backoff + " and " + imminentBackoff);
        }
        if (!(maxCallsPerSecond > 0)) {
            throw new IllegalArgumentException("maxCallsPerSecond must be positive, got " + maxCallsPerSecond);
        }
    }

    /** The delay before the next poll of a service, given what the last one showed. */
    Duration next(Duration previous, boolean changed, Stage stage) {
        if (stage != Stage.UNDER_WAY) {
            boolean imminent = stage == Stage.IMMINENT;
            Duration base = imminent ? imminentInterval : approachingInterval;
            Duration grown = changed || previous == null ? base : scale(previous, imminentBackoff);
            return clamp(grown, base, imminent ? imminentMaxInterval : approachingMaxInterval);
        }
        if (changed || previous == null) {
            return initialInterval;
        }
        return clamp(scale(previous, backoff), initialInterval, idleMaxInterval);
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos((long) (d.toNanos() * factor));
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }
}
