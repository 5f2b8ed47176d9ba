package dev.berth.engine.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one driver of berth's waits, in the manner of the SDK's waiter executor: it owns the clock,
 * the sleeps and the deadline, while a step (which decides nothing about time) makes its calls
 * and says when it wants to run next. No step starts at or after the deadline and no sleep
 * reaches past it, so a loop ends at the latest one step after its deadline.
 */
public final class PollLoop {
    /** One round of calls. Returns when it wants to run again, or empty when it is done. */
    @FunctionalInterface
    public interface Step {
        Optional<Instant> run() throws InterruptedException;
    }

    private final Clock clock;
    private final Sleeper sleeper;

    public PollLoop(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Runs {@code step} until it is done (true) or {@code deadline} has come (false). */
    public boolean run(Instant deadline, Step step) throws InterruptedException {
        while (clock.instant().isBefore(deadline)) {
            Optional<Instant> next = step.run();
            if (next.isEmpty()) {
                return true;
            }
            Instant wake = next.get().isBefore(deadline) ? next.get() : deadline;
            Duration wait = Duration.between(clock.instant(), wake);
            if (!wait.isNegative() && !wait.isZero()) {
                sleeper.sleep(wait);
            }
        }
        return false;
    }

    public Clock clock() {
        return clock;
    }
}
