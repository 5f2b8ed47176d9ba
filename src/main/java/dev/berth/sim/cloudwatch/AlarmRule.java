package dev.berth.sim.cloudwatch;

import java.util.List;
import java.util.Locale;

/**
 * How CloudWatch judges a metric alarm, as a pure function: the last {@code EvaluationPeriods}
 * datapoints (oldest first, null where a period had no data), the threshold and comparison,
 * {@code DatapointsToAlarm} of them breaching to alarm, and the treatment of missing data.
 */
public final class AlarmRule {
    /** What an alarm compares, and how many periods it looks at. */
    public record Spec(double threshold, String comparison, int evaluationPeriods, int datapointsToAlarm,
                       String treatMissingData) {
    }

    /** The state the datapoints call for, and CloudWatch's reason for it. */
    public record Verdict(String state, String reason) {
    }

    private AlarmRule() {
    }

    public static boolean breaches(double value, double threshold, String comparison) {
        return switch (comparison) {
            case "GreaterThanOrEqualToThreshold" -> value >= threshold;
            case "GreaterThanThreshold" -> value > threshold;
            case "LessThanThreshold" -> value < threshold;
            case "LessThanOrEqualToThreshold" -> value <= threshold;
            default -> throw new IllegalArgumentException("unsupported comparison operator " + comparison);
        };
    }

    /**
     * The state for {@code datapoints} (oldest first); {@code current} is kept when the treatment
     * is {@code ignore} and nothing is known.
     */
    public static Verdict evaluate(Spec spec, List<Double> datapoints, String current) {
        String treatment = spec.treatMissingData() == null ? "missing" : spec.treatMissingData();
        int breaching = 0;
        int present = 0;
        StringBuilder seen = new StringBuilder();
        for (Double value : datapoints) {
            if (value == null) {
                if ("breaching".equals(treatment)) {
                    breaching++;
                }
                continue;
            }
            present++;
            if (!seen.isEmpty()) {
                seen.append(", ");
            }
            seen.append(format(value));
            if (breaches(value, spec.threshold(), spec.comparison())) {
                breaching++;
            }
        }
        if (present == 0 && ("missing".equals(treatment) || "ignore".equals(treatment))) {
            return "ignore".equals(treatment) && current != null ? new Verdict(current, null)
                    : new Verdict("INSUFFICIENT_DATA", "Insufficient Data: " + datapoints.size() + " datapoint"
                    + (datapoints.size() == 1 ? " was" : "s were") + " unknown.");
        }
        boolean alarm = breaching >= spec.datapointsToAlarm();
        String reason = "Threshold Crossed: " + (present == 0 ? "no datapoints were received" : present + " datapoint"
                + (present == 1 ? "" : "s") + " [" + seen + "]") + " for " + spec.evaluationPeriods() + " period"
                + (spec.evaluationPeriods() == 1 ? "" : "s") + ", " + breaching + " breaching ("
                + relation(spec.comparison(), alarm) + " the threshold (" + format(spec.threshold()) + ")).";
        return new Verdict(alarm ? "ALARM" : "OK", reason);
    }

    private static String relation(String comparison, boolean alarm) {
        String words = switch (comparison) {
            case "GreaterThanOrEqualToThreshold" -> "greater than or equal to";
            case "GreaterThanThreshold" -> "greater than";
            case "LessThanThreshold" -> "less than";
            default -> "less than or equal to";
        };
        return alarm ? words : "not " + words;
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.format(Locale.ROOT, "%.1f", value)
                : String.valueOf(value);
    }
}
