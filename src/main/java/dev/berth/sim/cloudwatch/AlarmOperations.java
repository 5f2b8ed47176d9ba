package dev.berth.sim.cloudwatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.berth.sim.http.AwsException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** PutMetricAlarm, DescribeAlarms, SetAlarmState, DeleteAlarms and DescribeAlarmHistory, with CloudWatch's checks. */
final class AlarmOperations {
    private static final Set<String> STATISTICS = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
    private static final Set<String> COMPARISONS = Set.of("GreaterThanOrEqualToThreshold", "GreaterThanThreshold",
            "LessThanThreshold", "LessThanOrEqualToThreshold");
    private static final Set<String> TREATMENTS = Set.of("breaching", "notBreaching", "ignore", "missing");
    private static final Set<String> STATES = Set.of("OK", "ALARM", "INSUFFICIENT_DATA");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes",
            "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
            "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second",
            "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None");

    private final CloudWatchBackend backend;

    AlarmOperations(CloudWatchBackend backend) {
        this.backend = backend;
    }

    static void requirePeriod(int period) {
        if (!(period == 10 || period == 20 || period == 30 || period > 0 && period % 60 == 0)) {
            throw CloudWatchInput.invalid("The parameter Period must be 10, 20, 30 or a multiple of 60, got " + period + ".");
        }
    }

    static void requireStatistic(String statistic) {
        if (!STATISTICS.contains(statistic)) {
            throw CloudWatchInput.invalid("The value " + statistic + " for parameter Statistic is invalid; expected one of "
                    + "SampleCount, Average, Sum, Minimum, Maximum.");
        }
    }

    private static String name(String name, String member) {
        if (name.isEmpty() || name.length() > 255) {
            throw CloudWatchInput.invalid("The parameter " + member + " must be between 1 and 255 characters long.");
        }
        return name;
    }

    ObjectNode put(String region, CloudWatchInput in) {
        String alarmName = name(in.required("AlarmName"), "AlarmName");
        if (in.has("ExtendedStatistic") || in.has("ThresholdMetricId")) {
            throw CloudWatchInput.invalid("The simulator supports alarms with a Statistic or on metric math, "
                    + "not ExtendedStatistic or ThresholdMetricId.");
        }
        List<MetricMath.Query> metrics = in.has("Metrics") ? MetricMath.parse(in.structures("Metrics")) : List.of();
        if (!metrics.isEmpty() && (in.has("MetricName") || in.has("Namespace") || in.has("Statistic") || in.has("Period"))) {
            throw AwsException.client("ValidationError", "Metrics list cannot be combined with MetricName, Namespace, "
                    + "Statistic or Period.");
        }
        String namespace = metrics.isEmpty() ? in.required("Namespace") : null;
        String metricName = metrics.isEmpty() ? in.required("MetricName") : null;
        String statistic = metrics.isEmpty() ? in.required("Statistic") : null;
        if (statistic != null) {
            requireStatistic(statistic);
        }
        Integer period = metrics.isEmpty() ? in.integer("Period") : Integer.valueOf(MetricMath.period(metrics));
        if (period == null) {
            throw CloudWatchInput.missing("Period");
        }
        requirePeriod(period);
        Integer periods = in.integer("EvaluationPeriods");
        if (periods == null) {
            throw CloudWatchInput.missing("EvaluationPeriods");
        }
        if (periods < 1 || (long) periods * period > 7 * 24 * 3600) {
            throw CloudWatchInput.invalid("The parameter EvaluationPeriods must be at least 1, and EvaluationPeriods "
                    + "times Period at most 7 days, got " + periods + ".");
        }
        int toAlarm = in.integer("DatapointsToAlarm") == null ? periods : in.integer("DatapointsToAlarm");
        if (toAlarm < 1 || toAlarm > periods) {
            throw CloudWatchInput.invalid("DatapointsToAlarm must be between 1 and EvaluationPeriods (" + periods + "), got "
                    + toAlarm + ".");
        }
        Double threshold = in.number("Threshold");
        if (threshold == null) {
            throw CloudWatchInput.missing("Threshold");
        }
        String comparison = in.required("ComparisonOperator");
        if (!COMPARISONS.contains(comparison)) {
            throw CloudWatchInput.invalid("The value " + comparison + " for parameter ComparisonOperator is invalid.");
        }
        String treatment = in.string("TreatMissingData");
        if (treatment != null && !TREATMENTS.contains(treatment)) {
            throw CloudWatchInput.invalid("The value " + treatment + " for parameter TreatMissingData is invalid; expected "
                    + "one of breaching, notBreaching, ignore, missing.");
        }
        Map<String, String> dimensions = in.dimensions("Dimensions");
        String description = in.string("AlarmDescription");
        if (description != null && description.length() > 1024) {
            throw CloudWatchInput.invalid("The parameter AlarmDescription must be at most 1024 characters long.");
        }
        String unit = in.string("Unit");
        if (unit != null && !UNITS.contains(unit)) {
            throw CloudWatchInput.invalid("The value " + unit + " for parameter Unit is invalid.");
        }
        Boolean actionsEnabled = in.bool("ActionsEnabled");
        List<String> ok = in.strings("OKActions");
        List<String> alarm = in.strings("AlarmActions");
        List<String> insufficient = in.strings("InsufficientDataActions");
        backend.createOrReplace(region, alarmName, a -> {
            a.description = description;
            a.actionsEnabled = actionsEnabled == null || actionsEnabled;
            a.okActions = ok;
            a.alarmActions = alarm;
            a.insufficientDataActions = insufficient;
            a.metrics = metrics;
            a.namespace = namespace;
            a.metricName = metricName;
            a.dimensions = dimensions;
            a.statistic = statistic;
            a.unit = unit;
            a.period = period;
            a.evaluationPeriods = periods;
            a.datapointsToAlarm = toAlarm;
            a.threshold = threshold;
            a.comparison = comparison;
            a.treatMissingData = treatment;
        });
        return null;
    }

    ObjectNode describe(String region, CloudWatchInput in) {
        List<String> names = in.strings("AlarmNames");
        String prefix = in.string("AlarmNamePrefix");
        if (!names.isEmpty() && prefix != null) {
            throw AwsException.client("InvalidParameterCombination", "AlarmNames and AlarmNamePrefix cannot be given together.");
        }
        String state = in.string("StateValue");
        if (state != null && !STATES.contains(state)) {
            throw CloudWatchInput.invalid("The value " + state + " for parameter StateValue is invalid.");
        }
        String actionPrefix = in.string("ActionPrefix");
        int max = maxRecords(in);
        int from = token(in);
        List<SimAlarm> matching = new ArrayList<>();
        for (SimAlarm alarm : backend.alarms(region).values()) {
            if ((names.isEmpty() || names.contains(alarm.name)) && (prefix == null || alarm.name.startsWith(prefix))
                    && (state == null || state.equals(alarm.state)) && (actionPrefix == null
                    || alarm.alarmActions.stream().anyMatch(a -> a.startsWith(actionPrefix)))) {
                matching.add(alarm);
            }
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode list = result.putArray("MetricAlarms");
        for (int i = from; i < Math.min(matching.size(), from + max); i++) {
            list.add(view(matching.get(i)));
        }
        result.putArray("CompositeAlarms");
        if (from + max < matching.size()) {
            result.put("NextToken", String.valueOf(from + max));
        }
        return result;
    }

    ObjectNode setState(String region, CloudWatchInput in) {
        String alarmName = in.required("AlarmName");
        String state = in.required("StateValue");
        if (!STATES.contains(state)) {
            throw CloudWatchInput.invalid("The value " + state + " for parameter StateValue is invalid.");
        }
        String reason = in.required("StateReason");
        if (reason.length() > 1023) {
            throw CloudWatchInput.invalid("The parameter StateReason must be at most 1023 characters long.");
        }
        String data = in.string("StateReasonData");
        if (data != null) {
            try {
                JSON.readTree(data);
            } catch (IOException e) {
                throw new AwsException(400, "InvalidFormat", "StateReasonData is not valid JSON.");
            }
        }
        SimAlarm alarm = backend.alarms(region).get(alarmName);
        if (alarm == null) {
            throw new AwsException(404, "ResourceNotFound", "Alarm " + alarmName + " not found");
        }
        backend.setState(alarm, state, reason, data);
        return null;
    }

    ObjectNode delete(String region, CloudWatchInput in) {
        List<String> names = in.strings("AlarmNames");
        if (names.isEmpty()) {
            throw CloudWatchInput.missing("AlarmNames");
        }
        if (names.size() > 100) {
            throw CloudWatchInput.invalid("The collection AlarmNames must not have a size greater than 100.");
        }
        for (String alarmName : names) {
            if (!backend.alarms(region).containsKey(alarmName)) {
                throw new AwsException(404, "ResourceNotFound", "1 alarm(s) not found: [" + alarmName + "]");
            }
        }
        backend.delete(region, names);
        return null;
    }

    ObjectNode history(String region, CloudWatchInput in) {
        String alarmName = in.string("AlarmName");
        String type = in.string("HistoryItemType");
        Instant start = in.time("StartDate");
        Instant end = in.time("EndDate");
        boolean ascending = "TimestampAscending".equals(in.string("ScanBy"));
        int max = maxRecords(in);
        int from = token(in);
        List<ObjectNode> items = new ArrayList<>();
        List<SimAlarm.HistoryItem> all = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (SimAlarm alarm : backend.alarms(region).values()) {
            if (alarmName == null || alarmName.equals(alarm.name)) {
                for (SimAlarm.HistoryItem item : alarm.history) {
                    if ((type == null || type.equals(item.type())) && (start == null || !item.at().isBefore(start))
                            && (end == null || !item.at().isAfter(end))) {
                        all.add(item);
                        owners.add(alarm.name);
                    }
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> ascending ? all.get(a).at().compareTo(all.get(b).at()) : all.get(b).at().compareTo(all.get(a).at()));
        for (int index : order) {
            SimAlarm.HistoryItem item = all.get(index);
            ObjectNode node = JsonNodeFactory.instance.objectNode().put("AlarmName", owners.get(index)).put("AlarmType", "MetricAlarm");
            node.set("Timestamp", new POJONode(item.at()));
            node.put("HistoryItemType", item.type()).put("HistorySummary", item.summary()).put("HistoryData", item.data());
            items.add(node);
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode list = result.putArray("AlarmHistoryItems");
        for (int i = from; i < Math.min(items.size(), from + max); i++) {
            list.add(items.get(i));
        }
        if (from + max < items.size()) {
            result.put("NextToken", String.valueOf(from + max));
        }
        return result;
    }

    private static int maxRecords(CloudWatchInput in) {
        Integer max = in.integer("MaxRecords");
        if (max != null && (max < 1 || max > 100)) {
            throw CloudWatchInput.invalid("The parameter MaxRecords must be between 1 and 100, got " + max + ".");
        }
        return max == null ? 50 : max;
    }

    private static int token(CloudWatchInput in) {
        String token = in.string("NextToken");
        if (token == null) {
            return 0;
        }
        if (!token.matches("\\d{1,6}")) {
            throw AwsException.client("InvalidNextToken", "The service returned an invalid NextToken.");
        }
        return Integer.parseInt(token);
    }

    private static ObjectNode view(SimAlarm alarm) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("AlarmName", alarm.name).put("AlarmArn", alarm.arn);
        if (alarm.description != null) {
            node.put("AlarmDescription", alarm.description);
        }
        node.set("AlarmConfigurationUpdatedTimestamp", new POJONode(alarm.configurationUpdatedAt));
        node.put("ActionsEnabled", alarm.actionsEnabled);
        strings(node.putArray("OKActions"), alarm.okActions);
        strings(node.putArray("AlarmActions"), alarm.alarmActions);
        strings(node.putArray("InsufficientDataActions"), alarm.insufficientDataActions);
        node.put("StateValue", alarm.state).put("StateReason", alarm.stateReason);
        if (alarm.stateReasonData != null) {
            node.put("StateReasonData", alarm.stateReasonData);
        }
        node.set("StateUpdatedTimestamp", new POJONode(alarm.stateUpdatedAt));
        if (alarm.metrics.isEmpty()) {
            node.put("MetricName", alarm.metricName).put("Namespace", alarm.namespace).put("Statistic", alarm.statistic);
            ArrayNode dimensions = node.putArray("Dimensions");
            alarm.dimensions.forEach((k, v) -> dimensions.addObject().put("Name", k).put("Value", v));
            node.put("Period", alarm.period);
        } else {
            node.putArray("Dimensions");
            MetricMath.write(node.putArray("Metrics"), alarm.metrics);
        }
        if (alarm.unit != null) {
            node.put("Unit", alarm.unit);
        }
        node.put("EvaluationPeriods", alarm.evaluationPeriods).put("DatapointsToAlarm", alarm.datapointsToAlarm)
                .put("Threshold", alarm.threshold).put("ComparisonOperator", alarm.comparison);
        if (alarm.treatMissingData != null) {
            node.put("TreatMissingData", alarm.treatMissingData);
        }
        node.set("StateTransitionedTimestamp", new POJONode(alarm.stateTransitionedAt));
        return node;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
