package dev.berth.sim.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.sim.SimWorld;
import dev.berth.sim.http.AwsException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Simple and step scaling policies of Auto Scaling groups, run by CloudWatch alarm actions. A
 * simple policy waits out the group's cooldown, which starts when the activity it began has
 * finished (new instances take {@link AutoScalingBackend#BOOT} to come into service); a step
 * policy has no cooldown, but while the instances it added are warming up a further breach only
 * adds what a larger step asks beyond them. The group launches and terminates as it always does.
 */
public final class ScalingPolicies {
    private static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(300);

    /** One change of desired capacity a policy made, for the simulator's own tests and logs. */
    public record Activity(Instant at, String policyName, String group, int from, int to) {
    }

    private record Policy(String region, String group, String name, String type, String adjustmentType, int adjustment,
                          Integer minMagnitude, Duration cooldown, Duration warmup, List<ScalingAdjustment.Step> steps) {
    }

    /** A group's cooldown (simple policies) and warm-up (step policies) in progress. */
    private static final class GroupClock {
        Instant cooldownUntil = Instant.MIN;
        Instant warmUntil = Instant.MIN;
        int warmBase;
    }

    private final SimWorld world;
    private final AutoScalingBackend groups;
    private final Map<String, Policy> byArn = new ConcurrentHashMap<>();
    private final Map<String, GroupClock> clocks = new ConcurrentHashMap<>();
    private final List<Activity> activities = new ArrayList<>();

    public ScalingPolicies(SimWorld world, AutoScalingBackend groups) {
        this.world = world;
        this.groups = groups;
    }

    /** Creates or replaces a policy; answers its ARN. Refuses what AWS refuses, naming the property. */
    public synchronized String put(String region, String accountId, String policyName, JsonNode properties) {
        String group = properties.path("AutoScalingGroupName").asText("");
        if (groups.group(region, group).isEmpty()) {
            throw AwsException.client("ValidationError", "Group " + group + " not found");
        }
        Policy policy = parse(region, group, policyName, properties);
        String arn = "arn:aws:autoscaling:" + region + ":" + accountId + ":scalingPolicy:"
                + UUID.nameUUIDFromBytes((region + "|" + group + "|" + policyName).getBytes(StandardCharsets.UTF_8))
                + ":autoScalingGroupName/" + group + ":policyName/" + policyName;
        byArn.put(arn, policy);
        return arn;
    }

    public synchronized void delete(String arn) {
        byArn.remove(arn);
    }

    public boolean isPolicy(String arn) {
        return byArn.containsKey(arn);
    }

    public synchronized List<Activity> activities() {
        return List.copyOf(activities);
    }

    /**
     * Runs the policy as an alarm action: {@code breach} is how far the alarm's metric is past its
     * threshold (value minus threshold; null when unknown). Does nothing while the group's
     * AlarmNotification process is suspended, during the group's cooldown, when no step covers the
     * breach, or when the group is already at its bound.
     */
    public synchronized void execute(String arn, Double breach) {
        Policy policy = byArn.get(arn);
        if (policy == null) {
            return;
        }
        Optional<SimGroup> found = groups.group(policy.region(), policy.group());
        if (found.isEmpty()) {
            return;
        }
        SimGroup group = found.get();
        if (group.suspended(ScalingProcesses.ALARM_NOTIFICATION)) {
            return; // AWS does not run a group's policies from alarms while AlarmNotification is suspended
        }
        Instant now = world.now();
        GroupClock clock = clocks.computeIfAbsent(policy.region() + "|" + policy.group(), g -> new GroupClock());
        int current = group.desiredCapacity();
        int target;
        if ("StepScaling".equals(policy.type())) {
            Optional<ScalingAdjustment.Step> step = ScalingAdjustment.step(policy.steps(), breach == null ? 0 : breach);
            if (step.isEmpty()) {
                return;
            }
            // a scale-out while earlier ones warm up counts from before them, so the same step adds nothing twice
            boolean warming = now.isBefore(clock.warmUntil) && step.get().adjustment() > 0;
            int base = warming ? clock.warmBase : current;
            target = ScalingAdjustment.desired(policy.adjustmentType(), step.get().adjustment(), policy.minMagnitude(), base,
                    group.minSize(), group.maxSize());
            if (warming) {
                target = Math.max(current, target);
            } else if (target > current) {
                clock.warmBase = current;
                clock.warmUntil = now.plus(policy.warmup());
            }
        } else {
            if (now.isBefore(clock.cooldownUntil)) {
                return;
            }
            target = ScalingAdjustment.desired(policy.adjustmentType(), policy.adjustment(), policy.minMagnitude(), current,
                    group.minSize(), group.maxSize());
            if (target != current) {
                clock.cooldownUntil = now.plus(target > current ? AutoScalingBackend.BOOT : Duration.ZERO).plus(policy.cooldown());
            }
        }
        if (target != current) {
            groups.setDesiredCapacity(policy.region(), policy.group(), target);
            activities.add(new Activity(now, policy.name(), policy.group(), current, target));
        }
    }

    private static Policy parse(String region, String group, String name, JsonNode p) {
        String type = p.path("PolicyType").asText("SimpleScaling");
        if (!type.equals("SimpleScaling") && !type.equals("StepScaling")) {
            throw AwsException.client("ValidationError", "PolicyType " + type
                    + " is not simulated: berth sim runs SimpleScaling and StepScaling policies");
        }
        String adjustmentType = p.path("AdjustmentType").asText(null);
        if (adjustmentType == null || !List.of("ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity").contains(adjustmentType)) {
            throw AwsException.client("ValidationError", "AdjustmentType must be ChangeInCapacity, ExactCapacity or "
                    + "PercentChangeInCapacity, not " + adjustmentType);
        }
        Integer magnitude = p.hasNonNull("MinAdjustmentMagnitude") ? integer(p, "MinAdjustmentMagnitude") : null;
        Duration cooldown = p.hasNonNull("Cooldown") ? Duration.ofSeconds(integer(p, "Cooldown")) : DEFAULT_COOLDOWN;
        Duration warmup = p.hasNonNull("EstimatedInstanceWarmup") ? Duration.ofSeconds(integer(p, "EstimatedInstanceWarmup"))
                : AutoScalingBackend.BOOT;
        if (type.equals("SimpleScaling")) {
            if (!p.hasNonNull("ScalingAdjustment")) {
                throw AwsException.client("ValidationError", "ScalingAdjustment is required for a SimpleScaling policy");
            }
            return new Policy(region, group, name, type, adjustmentType, integer(p, "ScalingAdjustment"), magnitude, cooldown,
                    warmup, List.of());
        }
        List<ScalingAdjustment.Step> steps = new ArrayList<>();
        for (JsonNode s : p.path("StepAdjustments")) {
            steps.add(new ScalingAdjustment.Step(bound(s, "MetricIntervalLowerBound"), bound(s, "MetricIntervalUpperBound"),
                    integer(s, "ScalingAdjustment")));
        }
        if (steps.isEmpty()) {
            throw AwsException.client("ValidationError", "StepAdjustments are required for a StepScaling policy");
        }
        return new Policy(region, group, name, type, adjustmentType, 0, magnitude, cooldown, warmup, List.copyOf(steps));
    }

    private static int integer(JsonNode node, String field) {
        try {
            return Integer.parseInt(node.path(field).asText().trim());
        } catch (NumberFormatException e) {
            throw AwsException.client("ValidationError", field + " must be a whole number, not '" + node.path(field).asText() + "'");
        }
    }

    private static Double bound(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            return null;
        }
        try {
            return Double.parseDouble(node.path(field).asText().trim());
        } catch (NumberFormatException e) {
            throw AwsException.client("ValidationError", field + " must be a number, not '" + node.path(field).asText() + "'");
        }
    }
}
