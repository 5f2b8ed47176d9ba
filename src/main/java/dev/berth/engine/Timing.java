package dev.berth.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** When a command started and when it gave its verdict. */
public record Timing(Instant startedAt, Instant finishedAt) {
    public Timing {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
