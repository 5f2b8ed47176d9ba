package dev.berth.sim.autoscaling;

import java.util.List;
import java.util.Optional;

/**
 * The arithmetic of an Auto Scaling policy, as AWS documents it: the capacity an adjustment asks
 * for (ChangeInCapacity, PercentChangeInCapacity with its rounding and MinAdjustmentMagnitude,
 * ExactCapacity), kept within the group's MinSize and MaxSize; and the step a step policy takes
 * for how far the metric is past the alarm's threshold.
 */
public final class ScalingAdjustment {
    /** A step: bounds relative to the threshold (null = unbounded) and the adjustment it makes. */
    public record Step(Double lowerBound, Double upperBound, int adjustment) {
    }

    private ScalingAdjustment() {
    }

    /** The desired capacity after the adjustment, within [min, max]. */
    public static int desired(String adjustmentType, int adjustment, Integer minMagnitude, int current, int min, int max) {
        long target = switch (adjustmentType) {
            case "ChangeInCapacity" -> (long) current + adjustment;
            case "ExactCapacity" -> adjustment;
            case "PercentChangeInCapacity" -> (long) current + percentChange(current, adjustment, minMagnitude);
            default -> throw new IllegalArgumentException("AdjustmentType must be ChangeInCapacity, ExactCapacity or "
                    + "PercentChangeInCapacity, not " + adjustmentType);
        };
        return (int) Math.max(min, Math.min(max, target));
    }

    /** Rounds as AWS does: above 1 down, between 0 and 1 up to 1, and the same mirrored below 0. */
    static int percentChange(int current, int percent, Integer minMagnitude) {
        double exact = current * percent / 100.0;
        int change;
        if (exact == 0) {
            change = 0;
        } else if (exact > 0) {
            change = exact < 1 ? 1 : (int) Math.floor(exact);
        } else {
            change = exact > -1 ? -1 : (int) Math.ceil(exact);
        }
        if (minMagnitude != null && change != 0 && Math.abs(change) < minMagnitude) {
            change = Integer.signum(change) * minMagnitude;
        }
        return change;
    }

    /**
     * The step for a metric {@code breach} past the threshold (value minus threshold). Above the
     * threshold a step's lower bound is inclusive and its upper bound exclusive; below it, the reverse.
     */
    public static Optional<Step> step(List<Step> steps, double breach) {
        for (Step step : steps) {
            double lower = step.lowerBound() == null ? Double.NEGATIVE_INFINITY : step.lowerBound();
            double upper = step.upperBound() == null ? Double.POSITIVE_INFINITY : step.upperBound();
            boolean inside = breach >= 0 ? lower <= breach && breach < upper : lower < breach && breach <= upper;
            if (inside) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }
}
