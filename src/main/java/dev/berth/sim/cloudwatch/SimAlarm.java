package dev.berth.sim.cloudwatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A metric alarm: its configuration, its state, and its history (newest first). */
final class SimAlarm {
    final String name;
    final String arn;
    String description;
    boolean actionsEnabled = true;
    List<String> okActions = List.of();
    List<String> alarmActions = List.of();
    List<String> insufficientDataActions = List.of();
    /** Metric math instead of one metric, when given. */
    List<MetricMath.Query> metrics = List.of();
    String namespace;
    String metricName;
    Map<String, String> dimensions = Map.of();
    String statistic;
    String unit;
    int period;
    int evaluationPeriods;
    int datapointsToAlarm;
    double threshold;
    String comparison;
    String treatMissingData;
    Instant configurationUpdatedAt;

    String state = "INSUFFICIENT_DATA";
    String stateReason = "Unchecked: Initial alarm creation";
    String stateReasonData;
    Instant stateUpdatedAt;
    Instant stateTransitionedAt;
    final List<HistoryItem> history = new ArrayList<>();

    record HistoryItem(Instant at, String type, String summary, String data) {
    }

    SimAlarm(String name, String arn) {
        this.name = name;
        this.arn = arn;
    }

    AlarmRule.Spec spec() {
        return new AlarmRule.Spec(threshold, comparison, evaluationPeriods, datapointsToAlarm, treatMissingData);
    }

    MetricSource.MetricKey metric(String region) {
        return new MetricSource.MetricKey(region, namespace, metricName, dimensions);
    }
}
