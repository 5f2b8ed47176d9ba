package dev.berth.engine.deploy.verdict;

import dev.berth.engine.Outcome;

/** A verdict: the outcome, why, and when a person must act, the command that recovers (else null). */
public record Verdict(Outcome outcome, String reason, String recovery) {
    public Verdict {
        if (outcome == null || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a verdict needs an outcome and a reason");
        }
    }
}
