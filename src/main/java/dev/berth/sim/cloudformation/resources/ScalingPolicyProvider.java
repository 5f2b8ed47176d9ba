package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.berth.sim.autoscaling.ScalingPolicies;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * AWS::AutoScaling::ScalingPolicy: Ref is the policy's ARN, as CloudWatch alarm actions name it;
 * GetAtt Arn and PolicyName. A change of group or name makes a new policy.
 */
final class ScalingPolicyProvider implements ResourceProvider {
    private final ScalingPolicies policies;
    private final Timing timing;
    private final PhysicalNames names;

    ScalingPolicyProvider(ScalingPolicies policies, Timing timing, PhysicalNames names) {
        this.policies = policies;
        this.timing = timing;
        this.names = names;
    }

    @Override
    public ResourceOperation create(ResourceRequest request) {
        String name = request.properties().hasNonNull("PolicyName") ? request.properties().get("PolicyName").asText()
                : names.generate(request.stackName(), request.logicalId(), 255);
        return put(request, name);
    }

    @Override
    public ResourceOperation update(ResourceRequest request, ResourceState current) {
        String arn = current.physicalId();
        return put(request, arn.substring(arn.lastIndexOf(":policyName/") + ":policyName/".length()));
    }

    private ResourceOperation put(ResourceRequest request, String name) {
        return timing.perform("AutoScaling", Duration.ofSeconds(2), () -> {
            String arn = policies.put(request.region(), request.accountId(), name, request.properties());
            Map<String, JsonNode> attributes = Map.of("Arn", TextNode.valueOf(arn), "PolicyName", TextNode.valueOf(name));
            return ResourceResult.done(arn, attributes);
        });
    }

    @Override
    public ResourceOperation delete(ResourceState current) {
        policies.delete(current.physicalId());
        return timing.after(Duration.ofSeconds(1), ResourceResult.done(current.physicalId(), Map.of()));
    }

    @Override
    public boolean replacesOn(String property) {
        return Set.of("AutoScalingGroupName", "PolicyName").contains(property);
    }
}
