package dev.berth.engine.roll;

import dev.berth.engine.Outcome;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The verdict of a roll: what was replaced (old instance, its replacement), the lowest running
 * count seen per service, any breach of a service's bounds, and how to recover when it did not succeed.
 */
public record RollResult(Outcome outcome, String reason, String recovery, String stack, String cluster, String group,
                         String plan, List<Replacement> replaced, Map<String, Integer> lowestRunning, List<String> breaches,
                         Instant startedAt, Instant finishedAt) {
    /** An old instance and the one that took its place (null while it had none). */
    public record Replacement(String oldInstance, String newInstance) {
    }

    public RollResult {
        replaced = List.copyOf(replaced);
        lowestRunning = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(lowestRunning));
        breaches = List.copyOf(breaches);
    }
}
