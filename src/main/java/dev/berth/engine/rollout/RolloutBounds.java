package dev.berth.engine.rollout;

/**
 * ECS's rolling-update arithmetic for a service: the lower bound is desired × MinimumHealthyPercent
 * rounded up (healthy tasks that must remain), the upper bound desired × MaximumPercent rounded
 * down (tasks RUNNING or PENDING at most). When the scheduler can neither start a task (upper ≤
 * desired) nor stop one (desired − 1 &lt; lower), the deployment is stuck: ECS never fails it.
 */
public record RolloutBounds(int desired, int minimumHealthyPercent, int maximumPercent) {
    public static final int DEFAULT_MINIMUM_HEALTHY_PERCENT = 100;
    public static final int DEFAULT_MAXIMUM_PERCENT = 200;

    public RolloutBounds {
        if (desired < 0) {
            throw new IllegalArgumentException("desired count must be at least 0, got " + desired);
        }
        if (minimumHealthyPercent < 0 || minimumHealthyPercent > 100) {
            throw new IllegalArgumentException("MinimumHealthyPercent must be between 0 and 100, got " + minimumHealthyPercent);
        }
        if (maximumPercent < 100) {
            throw new IllegalArgumentException("MaximumPercent must be at least 100, got " + maximumPercent);
        }
    }

    public int lower() {
        return (int) (((long) desired * minimumHealthyPercent + 99) / 100);
    }

    public int upper() {
        return (int) ((long) desired * maximumPercent / 100);
    }

    /** New tasks that may start before any old one stops. */
    public int extraTasksAtPeak() {
        return Math.max(0, upper() - desired);
    }

    /** Old tasks that may stop before any new one is healthy. */
    public int tasksStoppedUpFront() {
        return Math.max(0, desired - lower());
    }

    /** Whether a rollout can make no first move. */
    public boolean stuck() {
        return desired > 0 && extraTasksAtPeak() == 0 && tasksStoppedUpFront() == 0;
    }

    /** Tasks replaced per step: the room above plus the room below. */
    public int batchSize() {
        return Math.min(desired, extraTasksAtPeak() + tasksStoppedUpFront());
    }

    /** Steps the rollout takes, each waiting for the new tasks to become healthy; 0 when stuck. */
    public int batches() {
        if (desired == 0) {
            return 0;
        }
        int batch = batchSize();
        return batch == 0 ? 0 : (desired + batch - 1) / batch;
    }

    /** The sentence people read when the configuration is stuck. */
    public String stuckExplanation() {
        return "desired " + desired + " at MinimumHealthyPercent " + minimumHealthyPercent + " / MaximumPercent "
                + maximumPercent + " lets ECS neither start a new task (at most " + upper()
                + " running or pending) nor stop an old one (at least " + lower() + " healthy): the deployment cannot progress";
    }
}
