package dev.berth.engine.capacity;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads which reservation an alarm watches: one ECS metric, or MAX / MIN over both in metric math. Pure. */
final class AlarmMetrics {
    private static final Pattern MAX_OR_MIN = Pattern.compile("^\\s*(MAX|MIN)\\s*\\(\\s*\\[\\s*(\\w+)\\s*,\\s*(\\w+)\\s*]\\s*\\)\\s*$");

    private AlarmMetrics() {
    }

    /** A single-metric alarm: AWS/ECS CPUReservation or MemoryReservation, else null. */
    static ScaleOutAlarm.Measure measure(JsonNode namespace, JsonNode metricName) {
        if (!"AWS/ECS".equals(namespace.asText())) {
            return null;
        }
        return switch (metricName.asText()) {
            case "CPUReservation" -> ScaleOutAlarm.Measure.CPU;
            case "MemoryReservation" -> ScaleOutAlarm.Measure.MEMORY;
            default -> null;
        };
    }

    /** A metric-math alarm: the query that returns data, a reservation metric or MAX/MIN of both; else null. */
    static ScaleOutAlarm.Measure measure(JsonNode metrics) {
        Map<String, ScaleOutAlarm.Measure> byId = new HashMap<>();
        JsonNode returned = null;
        for (JsonNode query : metrics) {
            JsonNode metric = query.path("MetricStat").path("Metric");
            if (!metric.isMissingNode()) {
                ScaleOutAlarm.Measure m = measure(metric.path("Namespace"), metric.path("MetricName"));
                if (m != null) {
                    byId.put(query.path("Id").asText(), m);
                }
            }
            if (query.path("ReturnData").asBoolean(true)) {
                returned = returned == null ? query : returned;
            }
        }
        if (returned == null) {
            return null;
        }
        if (!returned.has("Expression")) {
            return byId.get(returned.path("Id").asText());
        }
        Matcher m = MAX_OR_MIN.matcher(returned.path("Expression").asText());
        if (!m.matches()) {
            return byId.get(returned.path("Expression").asText().trim());
        }
        ScaleOutAlarm.Measure a = byId.get(m.group(2));
        ScaleOutAlarm.Measure b = byId.get(m.group(3));
        if (a == null || b == null) {
            return null;
        }
        if (a == b) {
            return a;
        }
        return "MAX".equals(m.group(1)) ? ScaleOutAlarm.Measure.MAX : ScaleOutAlarm.Measure.MIN;
    }
}
