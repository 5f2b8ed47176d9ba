package dev.berth.engine.capacity;

import java.util.Locale;

/**
 * A CloudWatch alarm that runs a scale-out policy of the cluster's group, as far as berth can
 * forecast it: on CPUReservation, MemoryReservation, or the MAX or MIN of both (metric math).
 * {@code measure} is null when the alarm watches something else; such an alarm is never forecast to fire.
 */
public record ScaleOutAlarm(String name, Measure measure, String operator, double threshold) {

    /** What the alarm compares with its threshold. */
    public enum Measure {
        CPU("CPUReservation"), MEMORY("MemoryReservation"), MAX("MAX(CPUReservation, MemoryReservation)"),
        MIN("MIN(CPUReservation, MemoryReservation)");

        final String words;

        Measure(String words) {
            this.words = words;
        }

        double of(Reservation r) {
            return switch (this) {
                case CPU -> r.cpuPercent();
                case MEMORY -> r.memoryPercent();
                case MAX -> Math.max(r.cpuPercent(), r.memoryPercent());
                case MIN -> Math.min(r.cpuPercent(), r.memoryPercent());
            };
        }
    }

    /** Whether the alarm goes to ALARM while the cluster stays at {@code reservation}. */
    public boolean firesAt(Reservation reservation) {
        if (measure == null || operator == null) {
            return false;
        }
        double value = measure.of(reservation);
        return switch (operator) {
            case "GreaterThanThreshold" -> value > threshold;
            case "GreaterThanOrEqualToThreshold" -> value >= threshold;
            case "LessThanThreshold" -> value < threshold;
            case "LessThanOrEqualToThreshold" -> value <= threshold;
            default -> false;
        };
    }

    @Override
    public String toString() {
        if (measure == null) {
            return "alarm " + name + " (on a metric berth cannot forecast)";
        }
        return String.format(Locale.ROOT, "alarm %s (%s %s %s)", name, measure.words, symbol(), trim(threshold));
    }

    private String symbol() {
        return switch (operator == null ? "" : operator) {
            case "GreaterThanThreshold" -> ">";
            case "GreaterThanOrEqualToThreshold" -> ">=";
            case "LessThanThreshold" -> "<";
            case "LessThanOrEqualToThreshold" -> "<=";
            default -> String.valueOf(operator);
        };
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
