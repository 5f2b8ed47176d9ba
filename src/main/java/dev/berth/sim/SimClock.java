package dev.berth.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Simulated time: starts at the wall clock and runs {@code speed} times faster, so that a
 * five-minute rollout can be rehearsed in seconds while every timestamp stays plausible.
 */
public final class SimClock {
    private final Instant origin;
    private final long originNanos;
    private final LongSupplier nanos;
    private final double speed;

    public SimClock(double speed) {
        this(Instant.now(), System::nanoTime, speed);
    }

    /** A clock driven by {@code nanos}, a monotonic source such as {@link System#nanoTime}. */
    public SimClock(Instant origin, LongSupplier nanos, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, got " + speed);
        }
        this.origin = origin;
        this.nanos = nanos;
        this.originNanos = nanos.getAsLong();
        this.speed = speed;
    }

    public Instant now() {
        long elapsed = nanos.getAsLong() - originNanos;
        return origin.plusNanos((long) (elapsed * speed));
    }

    public double speed() {
        return speed;
    }

    /** The wall-clock instant at which the simulation reaches {@code simulated}. */
    public Instant wallClockOf(Instant simulated) {
        long simNanos = Duration.between(origin, simulated).toNanos();
        return origin.plusNanos((long) (simNanos / speed));
    }

    /** How long to wait in real time for {@code simulated} to pass in the simulation. */
    public Duration realDuration(Duration simulated) {
        return Duration.ofNanos((long) (simulated.toNanos() / speed));
    }
}
