package dev.berth.engine.rollout;

import dev.berth.engine.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The watcher's verdict over all services, with the timeline and the API calls it made. */
public record RolloutResult(
        Outcome outcome,
        String reason,
        String cluster,
        Instant startedAt,
        Instant finishedAt,
        List<ServiceResult> services,
        List<TimelineSample> timeline,
        Map<String, Integer> apiCalls) {

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
