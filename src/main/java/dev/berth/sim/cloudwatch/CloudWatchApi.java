package dev.berth.sim.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.berth.sim.SimWorld;
import dev.berth.sim.http.AwsException;
import dev.berth.sim.http.AwsJsonService;
import dev.berth.sim.http.AwsQueryService;
import dev.berth.sim.http.QueryInput;
import dev.berth.sim.http.RequestContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Amazon CloudWatch over both protocols its clients use: the query protocol (form in, XML out;
 * the AWS CLI v2) and Smithy RPC v2 CBOR (the AWS SDK for Java v2), whose bodies carry the same
 * members. Answers hold times as {@link Instant}s, which each protocol writes its own way.
 */
public final class CloudWatchApi implements AwsQueryService, AwsJsonService {
    private static final Set<String> MUTATING = Set.of("PutMetricAlarm", "SetAlarmState", "DeleteAlarms", "PutMetricData");

    private final SimWorld world;
    private final CloudWatchBackend backend;
    private final AlarmOperations alarms;

    public CloudWatchApi(SimWorld world, CloudWatchBackend backend) {
        this.world = world;
        this.backend = backend;
        this.alarms = new AlarmOperations(backend);
    }

    @Override
    public String signingName() {
        return "monitoring";
    }

    @Override
    public String targetPrefix() {
        return "GraniteServiceVersion20100801";
    }

    @Override
    public String version() {
        return "2010-08-01";
    }

    @Override
    public String xmlNamespace() {
        return "http://monitoring.amazonaws.com/doc/2010-08-01/";
    }

    @Override
    public boolean isMutating(String action) {
        return MUTATING.contains(action);
    }

    @Override
    public ObjectNode handle(String action, QueryInput input, RequestContext context) {
        ObjectNode result = world.step(() -> dispatch(action, new CloudWatchInput(input.asTree()), context.region()));
        return result == null ? null : (ObjectNode) isoTimes(result);
    }

    @Override
    public JsonNode handle(String operation, ObjectNode input, RequestContext context) {
        ObjectNode result = world.step(() -> dispatch(operation, new CloudWatchInput(input), context.region()));
        return result == null ? JsonNodeFactory.instance.objectNode() : result;
    }

    /** Carries out an operation for another part of the simulator that already runs inside a step of the world. */
    public JsonNode call(String operation, ObjectNode input, String region) {
        ObjectNode result = dispatch(operation, new CloudWatchInput(input), region);
        return result == null ? JsonNodeFactory.instance.objectNode() : result;
    }

    private ObjectNode dispatch(String operation, CloudWatchInput in, String region) {
        return switch (operation) {
            case "PutMetricAlarm" -> alarms.put(region, in);
            case "DescribeAlarms" -> alarms.describe(region, in);
            case "SetAlarmState" -> alarms.setState(region, in);
            case "DeleteAlarms" -> alarms.delete(region, in);
            case "DescribeAlarmHistory" -> alarms.history(region, in);
            case "PutMetricData" -> putMetricData(region, in);
            case "GetMetricStatistics" -> getMetricStatistics(region, in);
            default -> throw AwsException.client("InvalidAction", "Could not find operation " + operation + " for version 2010-08-01");
        };
    }

    private ObjectNode putMetricData(String region, CloudWatchInput in) {
        String namespace = in.required("Namespace");
        if (namespace.startsWith("AWS/")) {
            throw CloudWatchInput.invalid("The value AWS/ for parameter Namespace is invalid.");
        }
        List<CloudWatchInput> data = in.structures("MetricData");
        if (data.isEmpty()) {
            throw CloudWatchInput.missing("MetricData");
        }
        Instant now = backend.now();
        for (CloudWatchInput datum : data) {
            String name = datum.required("MetricName");
            Double value = datum.number("Value");
            if (value == null) {
                throw AwsException.client("MissingParameter", "The parameter MetricData.member.Value is required.");
            }
            String unit = datum.string("Unit");
            if (unit != null && !AlarmOperations.UNITS.contains(unit)) {
                throw CloudWatchInput.invalid("The value " + unit + " for parameter MetricData.member.Unit is invalid.");
            }
            Instant at = datum.time("Timestamp");
            backend.putDatapoint(new MetricSource.MetricKey(region, namespace, name, datum.dimensions("Dimensions")),
                    at == null ? now : at, value, unit);
        }
        return null;
    }

    private ObjectNode getMetricStatistics(String region, CloudWatchInput in) {
        String namespace = in.required("Namespace");
        String name = in.required("MetricName");
        Instant start = in.time("StartTime");
        Instant end = in.time("EndTime");
        Integer period = in.integer("Period");
        if (start == null || end == null || period == null) {
            throw CloudWatchInput.missing(start == null ? "StartTime" : end == null ? "EndTime" : "Period");
        }
        if (!end.isAfter(start)) {
            throw CloudWatchInput.invalid("The parameter StartTime must be less than the parameter EndTime.");
        }
        AlarmOperations.requirePeriod(period);
        List<String> statistics = in.strings("Statistics");
        if (statistics.isEmpty()) {
            throw AwsException.client("MissingParameter", "Must specify either Statistics or ExtendedStatistics.");
        }
        statistics.forEach(AlarmOperations::requireStatistic);
        if ((end.getEpochSecond() - start.getEpochSecond()) / period > 1440) {
            throw AwsException.client("InvalidParameterCombination", "You have requested up to 1,440 datapoints, which "
                    + "exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.");
        }
        MetricSource.MetricKey key = new MetricSource.MetricKey(region, namespace, name, in.dimensions("Dimensions"));
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("Label", name);
        ArrayNode datapoints = result.putArray("Datapoints");
        for (long t = start.getEpochSecond(); t < end.getEpochSecond(); t += period) {
            Instant from = Instant.ofEpochSecond(t);
            Instant to = Instant.ofEpochSecond(Math.min(t + period, end.getEpochSecond()));
            if (backend.statistic(key, "SampleCount", from, to) == null) {
                continue;
            }
            ObjectNode point = datapoints.addObject();
            point.set("Timestamp", new POJONode(from));
            for (String statistic : statistics) {
                point.put(statistic, backend.statistic(key, statistic, from, to));
            }
            point.put("Unit", "None");
        }
        return result;
    }

    /** The query protocol writes times as ISO 8601 text. */
    static JsonNode isoTimes(JsonNode node) {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
            return JsonNodeFactory.instance.textNode(instant.toString());
        }
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
            for (Map.Entry<String, JsonNode> field : fields) {
                object.set(field.getKey(), isoTimes(field.getValue()));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, isoTimes(array.get(i)));
            }
        }
        return node;
    }
}
