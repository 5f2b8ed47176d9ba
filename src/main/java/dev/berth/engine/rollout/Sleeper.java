package dev.berth.engine.rollout;

import java.time.Duration;

/** Waits between polls; tests pass one that advances a fake clock instead. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
