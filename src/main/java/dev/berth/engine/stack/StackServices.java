package dev.berth.engine.stack;

import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsErrors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;

import java.util.ArrayList;
import java.util.List;

/** The ECS services a stack owns, found from its resources (every page). */
public final class StackServices {
    private StackServices() {
    }

    /** One {@code AWS::ECS::Service} of a stack: its logical id, its cluster and its ARN. */
    public record StackService(String logicalId, String cluster, String serviceArn) {
    }

    /** @param stack a stack name or id */
    public static List<StackService> of(CloudFormationClient cfn, String stack) {
        List<StackResourceSummary> resources = new ArrayList<>();
        try {
            cfn.listStackResourcesPaginator(r -> r.stackName(stack)).stackResourceSummaries().forEach(resources::add);
        } catch (CloudFormationException e) {
            if ("ValidationError".equals(AwsErrors.errorCode(e)) && String.valueOf(e.getMessage()).contains("does not exist")) {
                throw new RefusedException("stack " + stack + " was not found", e);
            }
            throw AwsErrors.wrap("failed to list the resources of stack " + stack, e);
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to list the resources of stack " + stack, e);
        }
        List<StackService> services = new ArrayList<>();
        for (StackResourceSummary resource : resources) {
            String arn = resource.physicalResourceId();
            if ("AWS::ECS::Service".equals(resource.resourceType()) && arn != null && !arn.isEmpty()) {
                services.add(new StackService(resource.logicalResourceId(), clusterOf(arn), arn));
            }
        }
        return services;
    }

    /** {@code arn:aws:ecs:region:account:service/cluster/name} names its cluster; old ARNs do not (default). */
    public static String clusterOf(String serviceArn) {
        String path = serviceArn.substring(serviceArn.indexOf(":service/") + ":service/".length());
        int slash = path.indexOf('/');
        return slash < 0 ? "default" : path.substring(0, slash);
    }
}
