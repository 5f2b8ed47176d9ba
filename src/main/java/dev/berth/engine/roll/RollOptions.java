package dev.berth.engine.roll;

import java.time.Duration;

/** What {@code berth cluster roll} is asked: the cluster stack, the deadline, how often to look. */
public record RollOptions(String stack, Duration timeout, Duration pollInterval) {
    public RollOptions {
        if (stack == null || stack.isBlank()) {
            throw new IllegalArgumentException("the stack to roll must be named");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
        }
    }
}
