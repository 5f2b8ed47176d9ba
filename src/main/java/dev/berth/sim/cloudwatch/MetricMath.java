package dev.berth.sim.cloudwatch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alarms on metric math ({@code Metrics}): queries of one metric each ({@code MetricStat}) and one
 * expression that returns data. The simulator computes the expressions {@code MAX}, {@code MIN},
 * {@code SUM} and {@code AVG} over a list of query ids, or a query returned as it is; an alarm on
 * any other expression is kept and shown, and stays without data.
 */
final class MetricMath {
    private static final Pattern FUNCTION = Pattern.compile("\\s*(MAX|MIN|SUM|AVG)\\s*\\(\\s*\\[([^\\]]*)]\\s*\\)\\s*");

    /** One entry of {@code Metrics}. */
    record Query(String id, String expression, String label, boolean returnData, String namespace, String metricName,
                 Map<String, String> dimensions, int period, String stat) {
        boolean isMetric() {
            return metricName != null;
        }
    }

    private MetricMath() {
    }

    static List<Query> parse(List<CloudWatchInput> entries) {
        List<Query> queries = new ArrayList<>();
        int returning = 0;
        for (CloudWatchInput entry : entries) {
            String id = entry.required("Id");
            Boolean returnData = entry.bool("ReturnData");
            boolean returns = returnData == null || returnData;
            returning += returns ? 1 : 0;
            String expression = entry.string("Expression");
            if (entry.has("MetricStat") == (expression != null)) {
                throw CloudWatchInput.invalid("Each entry of Metrics needs exactly one of MetricStat and Expression: " + id);
            }
            if (expression != null) {
                queries.add(new Query(id, expression, entry.string("Label"), returns, null, null, Map.of(), 0, null));
                continue;
            }
            CloudWatchInput stat = entry.object("MetricStat");
            CloudWatchInput metric = stat.object("Metric");
            Integer period = stat.integer("Period");
            if (period == null) {
                throw CloudWatchInput.missing("Metrics.member.MetricStat.Period");
            }
            AlarmOperations.requirePeriod(period);
            String statistic = stat.required("Stat");
            AlarmOperations.requireStatistic(statistic);
            queries.add(new Query(id, null, entry.string("Label"), returns, metric.required("Namespace"),
                    metric.required("MetricName"), metric.dimensions("Dimensions"), period, statistic));
        }
        if (returning != 1) {
            throw CloudWatchInput.invalid("Exactly one element of the metrics list should return data.");
        }
        return queries;
    }

    /** The period the alarm is judged on: the longest of its queries'. */
    static int period(List<Query> queries) {
        return queries.stream().mapToInt(Query::period).max().orElse(60);
    }

    /** The value of the query that returns data, from each metric query's value (null: no data). */
    static Double value(List<Query> queries, Function<Query, Double> metricValue) {
        Map<String, Query> byId = new LinkedHashMap<>();
        queries.forEach(q -> byId.put(q.id(), q));
        Query result = queries.stream().filter(Query::returnData).findFirst().orElseThrow();
        if (result.isMetric()) {
            return metricValue.apply(result);
        }
        Matcher call = FUNCTION.matcher(result.expression());
        if (!call.matches()) {
            return null;
        }
        List<Double> values = new ArrayList<>();
        for (String id : call.group(2).split(",")) {
            Query query = byId.get(id.trim());
            Double value = query == null || !query.isMetric() ? null : metricValue.apply(query);
            if (value != null) {
                values.add(value);
            }
        }
        String statistic = switch (call.group(1)) {
            case "MAX" -> "Maximum";
            case "MIN" -> "Minimum";
            case "SUM" -> "Sum";
            default -> "Average";
        };
        return MetricStore.aggregate(statistic, values);
    }

    static void write(ArrayNode out, List<Query> queries) {
        for (Query query : queries) {
            ObjectNode node = out.addObject().put("Id", query.id());
            if (query.isMetric()) {
                ObjectNode stat = node.putObject("MetricStat");
                ObjectNode metric = stat.putObject("Metric").put("Namespace", query.namespace()).put("MetricName", query.metricName());
                ArrayNode dimensions = metric.putArray("Dimensions");
                query.dimensions().forEach((k, v) -> dimensions.addObject().put("Name", k).put("Value", v));
                stat.put("Period", query.period()).put("Stat", query.stat());
            } else {
                node.put("Expression", query.expression());
            }
            if (query.label() != null) {
                node.put("Label", query.label());
            }
            node.put("ReturnData", query.returnData());
        }
    }
}
