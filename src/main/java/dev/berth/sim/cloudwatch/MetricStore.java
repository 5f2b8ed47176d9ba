package dev.berth.sim.cloudwatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Datapoints by metric, kept for a day of simulated time, and the statistics CloudWatch computes
 * over a period: SampleCount, Sum, Average, Minimum, Maximum.
 */
final class MetricStore {
    static final Duration RETENTION = Duration.ofDays(1);

    private record Point(Instant at, double value, String unit) {
    }

    private final Map<MetricSource.MetricKey, Deque<Point>> points = new HashMap<>();

    synchronized void put(MetricSource.MetricKey key, Instant at, double value, String unit) {
        Deque<Point> series = points.computeIfAbsent(key, k -> new ArrayDeque<>());
        series.addLast(new Point(at, value, unit));
        Instant horizon = at.minus(RETENTION);
        while (!series.isEmpty() && series.peekFirst().at().isBefore(horizon)) {
            series.removeFirst();
        }
    }

    /** The statistic over [start, end), or null when no datapoint fell in it. */
    synchronized Double statistic(MetricSource.MetricKey key, String statistic, Instant start, Instant end) {
        Deque<Point> series = points.get(key);
        if (series == null) {
            return null;
        }
        List<Double> values = new ArrayList<>();
        for (Point point : series) {
            if (!point.at().isBefore(start) && point.at().isBefore(end)) {
                values.add(point.value());
            }
        }
        return aggregate(statistic, values);
    }

    static Double aggregate(String statistic, List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return switch (statistic) {
            case "SampleCount" -> (double) values.size();
            case "Sum" -> sum;
            case "Average" -> sum / values.size();
            case "Minimum" -> min;
            case "Maximum" -> max;
            default -> throw new IllegalArgumentException("unsupported statistic " + statistic);
        };
    }

    synchronized List<MetricSource.MetricKey> keys() {
        return List.copyOf(points.keySet());
    }
}
