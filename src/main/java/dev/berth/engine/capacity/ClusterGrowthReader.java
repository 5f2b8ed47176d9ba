package dev.berth.engine.capacity;

import dev.berth.cfn.TemplateParser;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackResource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Finds the stack that made an ECS cluster and reads from its template whether the cluster can grow. */
public final class ClusterGrowthReader {
    private final CloudFormationClient cfn;

    public ClusterGrowthReader(CloudFormationClient cfn) {
        this.cfn = cfn;
    }

    /** Empty when no stack made the cluster, its template declares no growth, or it cannot be read. */
    public Optional<ClusterGrowth> read(String cluster) {
        try {
            Optional<String> stack = cfn.describeStackResources(r -> r.physicalResourceId(cluster)).stackResources().stream()
                    .filter(r -> "AWS::ECS::Cluster".equals(r.resourceType())).map(StackResource::stackId).findFirst();
            if (stack.isEmpty()) {
                return Optional.empty();
            }
            String body = cfn.getTemplate(r -> r.stackName(stack.get())).templateBody();
            Map<String, String> parameters = new LinkedHashMap<>();
            for (Parameter p : cfn.describeStacks(r -> r.stackName(stack.get())).stacks().get(0).parameters()) {
                parameters.put(p.parameterKey(), p.resolvedValue() != null ? p.resolvedValue() : p.parameterValue());
            }
            return ClusterGrowth.of(TemplateParser.parse(body), parameters);
        } catch (RuntimeException e) {
            return Optional.empty(); // not made by a stack berth can read: judged on its instances alone
        }
    }
}
