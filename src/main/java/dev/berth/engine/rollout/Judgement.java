package dev.berth.engine.rollout;

import dev.berth.engine.Outcome;

/** What the tracker concluded from a snapshot: a verdict, still going, or it needs the deployment history. */
record Judgement(Outcome outcome, String reason, boolean needsHistory) {
    static final Judgement IN_PROGRESS = new Judgement(null, null, false);
    static final Judgement NEEDS_HISTORY = new Judgement(null, null, true);

    static Judgement verdict(Outcome outcome, String reason) {
        return new Judgement(outcome, reason, false);
    }

    boolean decided() {
        return outcome != null;
    }
}
