package dev.berth.engine.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cfn.ResourceDeclaration;
import dev.berth.cfn.Template;

import java.util.Map;
import java.util.Optional;

/**
 * Whether a cluster can grow by itself: its stack declares an Auto Scaling group with a MaxSize and
 * a scaling policy that adds instances, named in some CloudWatch alarm's AlarmActions. Read from the
 * cluster stack's template and parameters; pure.
 *
 * @param group   the group's logical id
 * @param maxSize the group's MaxSize
 */
public record ClusterGrowth(String group, int maxSize) {

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
            Optional<Integer> max = number(group.properties().get("MaxSize"), parameters);
            if (max.isPresent() && scalesOut(template, group.logicalId())) {
                return Optional.of(new ClusterGrowth(group.logicalId(), max.get()));
            }
        }
        return Optional.empty();
    }

    private static boolean scalesOut(Template template, String group) {
        for (ResourceDeclaration policy : template.resources().values()) {
            if ("AWS::AutoScaling::ScalingPolicy".equals(policy.type()) && refersTo(policy.properties().get("AutoScalingGroupName"), group)
                    && adds(policy.properties()) && alarmRuns(template, policy.logicalId())) {
                return true;
            }
        }
        return false;
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

    private static boolean alarmRuns(Template template, String policy) {
        for (ResourceDeclaration alarm : template.resources().values()) {
            if ("AWS::CloudWatch::Alarm".equals(alarm.type())) {
                for (JsonNode action : alarm.properties().path("AlarmActions")) {
                    if (refersTo(action, policy)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean refersTo(JsonNode node, String logicalId) {
        return node != null && logicalId.equals(node.path("Ref").asText(null));
    }

    /** A number, or a Ref to a parameter holding one. */
    private static Optional<Integer> number(JsonNode node, Map<String, String> parameters) {
        if (node == null) {
            return Optional.empty();
        }
        String text = node.has("Ref") ? parameters.get(node.path("Ref").asText()) : node.isValueNode() ? node.asText() : null;
        try {
            return text == null ? Optional.empty() : Optional.of(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
