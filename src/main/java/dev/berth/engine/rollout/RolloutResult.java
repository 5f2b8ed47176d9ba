package dev.berth.engine.rollout;

import dev.berth.engine.Outcome;
import dev.berth.engine.Timing;

import java.time.Duration;
import java.util.Objects;

/** The watcher's verdict over all services of {@code cluster}, with the evidence behind it. */
public record RolloutResult(Outcome outcome, String reason, String cluster, Timing timing, RolloutEvidence evidence) {
    public RolloutResult {
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(evidence, "evidence");
    }

    public Duration duration() {
        return timing.duration();
    }
}
