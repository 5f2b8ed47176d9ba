package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.berth.sim.cloudwatch.CloudWatchApi;
import dev.berth.sim.http.AwsException;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** AWS::CloudWatch::Alarm: a real alarm in the simulator's CloudWatch. Ref is its name; GetAtt Arn. */
final class CloudWatchAlarmProvider implements ResourceProvider {
    /** Properties of the resource that PutMetricAlarm does not take. */
    private static final Set<String> NOT_PASSED = Set.of("Tags", "EvaluateLowSampleCountPercentile");

    private final CloudWatchApi cloudWatch;
    private final Timing timing;
    private final PhysicalNames names;

    CloudWatchAlarmProvider(CloudWatchApi cloudWatch, Timing timing, PhysicalNames names) {
        this.cloudWatch = cloudWatch;
        this.timing = timing;
        this.names = names;
    }

    @Override
    public ResourceOperation create(ResourceRequest request) {
        String given = request.properties().path("AlarmName").asText(null);
        return put(request, given != null ? given : names.generate(request.stackName(), request.logicalId(), 255));
    }

    @Override
    public ResourceOperation update(ResourceRequest request, ResourceState current) {
        return put(request, current.physicalId());
    }

    @Override
    public ResourceOperation delete(ResourceState current) {
        return timing.perform("CloudWatch", Duration.ofSeconds(1), () -> {
            ObjectNode input = JsonNodeFactory.instance.objectNode();
            input.putArray("AlarmNames").add(current.physicalId());
            try {
                cloudWatch.call("DeleteAlarms", input, current.region());
            } catch (AwsException e) {
                if (!"ResourceNotFound".equals(e.code())) {
                    throw e;
                }
            }
            return ResourceResult.done(current.physicalId(), Map.of());
        });
    }

    @Override
    public boolean replacesOn(String property) {
        return "AlarmName".equals(property);
    }

    private ResourceOperation put(ResourceRequest request, String name) {
        return timing.perform("CloudWatch", Duration.ofSeconds(1), () -> {
            ObjectNode input = JsonNodeFactory.instance.objectNode();
            request.properties().properties().forEach(field -> {
                if (!NOT_PASSED.contains(field.getKey())) {
                    input.set(field.getKey(), field.getValue());
                }
            });
            input.put("AlarmName", name);
            cloudWatch.call("PutMetricAlarm", input, request.region());
            String arn = "arn:aws:cloudwatch:" + request.region() + ":" + request.accountId() + ":alarm:" + name;
            return ResourceResult.done(name, Map.<String, JsonNode>of("Arn", TextNode.valueOf(arn)));
        });
    }
}
