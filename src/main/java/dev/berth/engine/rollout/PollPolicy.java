package dev.berth.engine.rollout;

import java.time.Duration;

/**
 * How often the watcher asks. Polls come quickly while the end of a rollout is near (the new
 * deployment is complete in counts and only old tasks are draining, or failures are mounting
 * toward the circuit breaker), and back off while nothing changes. All calls together stay under
 * {@code maxCallsPerSecond}.
 */
public record PollPolicy(
        Duration imminentInterval,
        Duration initialInterval,
        Duration imminentMaxInterval,
        Duration idleMaxInterval,
        double backoff,
        double imminentBackoff,
        double maxCallsPerSecond) {

    /**
     * Near the end: every 0.5 s, slowly stretching to 2 s for long drains (load balancer
     * deregistration delays); otherwise 1.5 s after a change, stretching to 5 s while nothing moves.
     */
    public static final PollPolicy DEFAULT = new PollPolicy(Duration.ofMillis(500), Duration.ofMillis(1500),
            Duration.ofSeconds(2), Duration.ofSeconds(5), 1.5, 1.1, 5);

    public PollPolicy {
        if (imminentInterval.isNegative() || imminentInterval.isZero()) {
            throw new IllegalArgumentException("imminentInterval must be positive");
        }
        if (backoff < 1 || imminentBackoff < 1) {
            throw new IllegalArgumentException("backoff factors must be at least 1, got " + backoff + " and " + imminentBackoff);
        }
        if (!(maxCallsPerSecond > 0)) {
            throw new IllegalArgumentException("maxCallsPerSecond must be positive, got " + maxCallsPerSecond);
        }
    }

    /** The delay before the next poll of a service, given what the last one showed. */
    Duration next(Duration previous, boolean changed, boolean imminent) {
        if (imminent) {
            Duration grown = changed || previous == null ? imminentInterval : scale(previous, imminentBackoff);
            return clamp(grown, imminentInterval, imminentMaxInterval);
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
