package dev.berth.engine.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cfn.ResourceDeclaration;
import dev.berth.cfn.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a cluster can grow by itself: its stack declares an Auto Scaling group with a MaxSize and
 * a scaling policy that adds instances, named in some CloudWatch alarm's AlarmActions. Read from the
 * cluster stack's template and parameters; pure.
 *
 * @param group   the group's logical id
 * @param maxSize the group's MaxSize
 * @param alarms  the alarms that run a scale-out policy of the group
 */
public record ClusterGrowth(String group, int maxSize, List<ScaleOutAlarm> alarms) {

    /** Instances the group may still add to {@code instancesNow}. */
    public int mayAdd(int instancesNow) {
        return Math.max(0, maxSize - instancesNow);
    }

    /** The growth the template declares, if it has a group whose scale-out policy an alarm runs. */
    public static Optional<ClusterGrowth> of(Template template, Map<String, String> parameters) {
        for (ResourceDeclaration group : template.resources().values()) {
            if (!"AWS::AutoScaling::AutoScalingGroup".equals(group.type())) {
                continue;
            }
            Optional<Integer> max = number(group.properties().get("MaxSize"), parameters).map(Double::intValue);
            List<ScaleOutAlarm> alarms = scaleOutAlarms(template, group.logicalId(), parameters);
            if (max.isPresent() && !alarms.isEmpty()) {
                return Optional.of(new ClusterGrowth(group.logicalId(), max.get(), alarms));
            }
        }
        return Optional.empty();
    }

    private static List<ScaleOutAlarm> scaleOutAlarms(Template template, String group, Map<String, String> parameters) {
        List<ScaleOutAlarm> alarms = new ArrayList<>();
        for (ResourceDeclaration policy : template.resources().values()) {
            if ("AWS::AutoScaling::ScalingPolicy".equals(policy.type()) && refersTo(policy.properties().get("AutoScalingGroupName"), group)
                    && adds(policy.properties())) {
                for (ResourceDeclaration alarm : alarmsRunning(template, policy.logicalId())) {
                    if (alarms.stream().noneMatch(a -> a.name().equals(alarm.logicalId()))) {
                        alarms.add(alarm(alarm, parameters));
                    }
                }
            }
        }
        return alarms;
    }

    private static boolean adds(JsonNode policy) {
        if ("ExactCapacity".equals(policy.path("AdjustmentType").asText())) {
            return true;
        }
        if (policy.path("ScalingAdjustment").asDouble(0) > 0) {
            return true;
        }
        for (JsonNode step : policy.path("StepAdjustments")) {
            if (step.path("ScalingAdjustment").asDouble(0) > 0) {
                return true;
            }
        }
        return false;
    }

    private static List<ResourceDeclaration> alarmsRunning(Template template, String policy) {
        List<ResourceDeclaration> alarms = new ArrayList<>();
        for (ResourceDeclaration alarm : template.resources().values()) {
            if ("AWS::CloudWatch::Alarm".equals(alarm.type())) {
                for (JsonNode action : alarm.properties().path("AlarmActions")) {
                    if (refersTo(action, policy)) {
                        alarms.add(alarm);
                        break;
                    }
                }
            }
        }
        return alarms;
    }

    /** The alarm's measure, operator and threshold; a measure berth cannot read stays null. */
    private static ScaleOutAlarm alarm(ResourceDeclaration alarm, Map<String, String> parameters) {
        JsonNode p = alarm.properties();
        String operator = p.path("ComparisonOperator").isTextual() ? p.path("ComparisonOperator").asText() : null;
        Optional<Double> threshold = number(p.get("Threshold"), parameters);
        ScaleOutAlarm.Measure measure = threshold.isEmpty() ? null
                : p.has("Metrics") ? AlarmMetrics.measure(p.path("Metrics")) : AlarmMetrics.measure(p.path("Namespace"), p.path("MetricName"));
        return new ScaleOutAlarm(alarm.logicalId(), measure, operator, threshold.orElse(0.0));
    }

    private static boolean refersTo(JsonNode node, String logicalId) {
        return node != null && logicalId.equals(node.path("Ref").asText(null));
    }

    /** A number, or a Ref to a parameter holding one. */
    private static Optional<Double> number(JsonNode node, Map<String, String> parameters) {
        if (node == null) {
            return Optional.empty();
        }
        String text = node.has("Ref") ? parameters.get(node.path("Ref").asText()) : node.isValueNode() ? node.asText() : null;
        try {
            return text == null ? Optional.empty() : Optional.of(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
