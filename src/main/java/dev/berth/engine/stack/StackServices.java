package dev.berth.engine.stack;

import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.rollout.CallBudget;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;

import java.util.ArrayList;
import java.util.List;

/** The resources a stack owns, its nested stacks' included (every page), and the ECS services among them. */
public final class StackServices {
    private static final String NESTED_STACK = "AWS::CloudFormation::Stack";
    /** Nested stacks deeper than this are not followed (CloudFormation itself allows few levels). */
    private static final int MAX_DEPTH = 5;

    private StackServices() {
    }

    /** One {@code AWS::ECS::Service} of a stack: its logical id, its cluster and its ARN. */
    public record StackService(String logicalId, String cluster, String serviceArn) {
    }

    /** @param stack a stack name or id */
    public static List<StackService> of(CloudFormationClient cfn, String stack) {
        List<StackService> services = new ArrayList<>();
        for (StackResourceSummary resource : resources(cfn, stack, CallBudget.NONE)) {
            String arn = resource.physicalResourceId();
            if ("AWS::ECS::Service".equals(resource.resourceType()) && arn != null && !arn.isEmpty()) {
                services.add(new StackService(resource.logicalResourceId(), clusterOf(arn), arn));
            }
        }
        return services;
    }

    /** Every resource of the stack and of the stacks nested in it, each call bounded by {@code budget}. */
    public static List<StackResourceSummary> resources(CloudFormationClient cfn, String stack, CallBudget budget) {
        List<StackResourceSummary> resources = new ArrayList<>();
        collect(cfn, stack, budget, resources, 0);
        return resources;
    }

    private static void collect(CloudFormationClient cfn, String stack, CallBudget budget,
                                List<StackResourceSummary> into, int depth) {
        List<StackResourceSummary> own = new ArrayList<>();
        try {
            cfn.listStackResourcesPaginator(r -> r.stackName(stack).overrideConfiguration(budget.override()))
                    .stackResourceSummaries().forEach(own::add);
        } catch (CloudFormationException e) {
            if (CloudFormationMessages.stackMissing(AwsErrors.errorCode(e), e.getMessage())) {
                throw new RefusedException("stack " + stack + " was not found", e);
            }
            throw AwsErrors.wrap("failed to list the resources of stack " + stack, e);
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to list the resources of stack " + stack, e);
        }
        into.addAll(own);
        for (StackResourceSummary resource : own) {
            String id = resource.physicalResourceId();
            if (NESTED_STACK.equals(resource.resourceType()) && id != null && id.startsWith("arn:") && depth < MAX_DEPTH) {
                collect(cfn, id, budget, into, depth + 1);
            }
        }
    }

    /** {@code arn:aws:ecs:region:account:service/cluster/name} names its cluster; old ARNs do not (default). */
    public static String clusterOf(String serviceArn) {
        int at = serviceArn.indexOf(":service/");
        if (at < 0) {
            return "default";
        }
        String path = serviceArn.substring(at + ":service/".length());
        int slash = path.indexOf('/');
        return slash < 0 ? "default" : path.substring(0, slash);
    }
}
