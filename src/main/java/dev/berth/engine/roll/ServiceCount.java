package dev.berth.engine.roll;

import dev.berth.engine.rollout.RolloutBounds;

/** One service on the cluster as a poll saw it: its counts and its rolling-update bounds. */
public record ServiceCount(String name, int desired, int running, int pending, int minimumHealthyPercent, int maximumPercent,
                           int deployments) {
    public RolloutBounds bounds() {
        return new RolloutBounds(desired, minimumHealthyPercent, maximumPercent);
    }

    /** The fewest tasks that must run: desired × MinimumHealthyPercent, rounded up. */
    public int lower() {
        return bounds().lower();
    }

    /** The most tasks that may run or be pending: desired × MaximumPercent, rounded down. */
    public int upper() {
        return bounds().upper();
    }

    /** Running what it wants, nothing pending, one deployment. */
    public boolean steady() {
        return running == desired && pending == 0 && deployments <= 1;
    }
}
