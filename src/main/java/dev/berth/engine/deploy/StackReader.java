package dev.berth.engine.deploy;

import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.deploy.verdict.Observation;
import dev.berth.engine.deploy.verdict.OwnedService;
import dev.berth.engine.deploy.verdict.OwnedServices;
import dev.berth.engine.deploy.verdict.ServiceState;
import dev.berth.engine.deploy.verdict.StackResource;
import dev.berth.engine.rollout.CallBudget;
import dev.berth.engine.stack.StackServices;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the state a verdict is judged from: the stack's status and parameters (DescribeStacks),
 * its resources and nested stacks' (ListStackResources), and each ECS service it owns
 * (DescribeServices, ten a call). Every call is bounded by the caller's budget.
 */
public final class StackReader {
    private static final int SERVICES_PER_CALL = 10;

    private final CloudFormationClient cfn;
    private final EcsClient ecs;

    public StackReader(CloudFormationClient cfn, EcsClient ecs) {
        this.cfn = cfn;
        this.ecs = ecs;
    }

    /** @throws dev.berth.engine.BerthException when AWS does not answer */
    public Observation read(String stackId, CallBudget budget) {
        Stack stack;
        try {
            stack = cfn.describeStacks(r -> r.stackName(stackId).overrideConfiguration(budget.override())).stacks().get(0);
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to describe stack " + stackId, e);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        stack.parameters().forEach(p -> parameters.put(p.parameterKey(), String.valueOf(p.parameterValue())));
        List<StackResource> resources = resources(stackId, budget);
        return new Observation(stack.stackStatusAsString(), parameters, owned(resources, budget), services(arns(resources), budget));
    }

    /** The stack's resources and its nested stacks'. */
    public List<StackResource> resources(String stackId, CallBudget budget) {
        List<StackResource> resources = new ArrayList<>();
        for (StackResourceSummary r : StackServices.resources(cfn, stackId, budget)) {
            resources.add(new StackResource(r.logicalResourceId(), r.resourceType(), r.physicalResourceId()));
        }
        return resources;
    }

    /** The services among {@code resources}, each with the task definition the resources name for it. */
    public List<OwnedService> owned(List<StackResource> resources, CallBudget budget) {
        List<String> arns = arns(resources);
        Map<String, String> taskDefinitionOf = new HashMap<>();
        services(arns, budget).forEach((arn, state) -> {
            if (state.taskDefinition() != null) {
                taskDefinitionOf.put(arn, state.taskDefinition());
            }
        });
        return OwnedServices.resolve(resources, taskDefinitionOf);
    }

    private static List<String> arns(List<StackResource> resources) {
        return resources.stream().filter(r -> r.is(StackResource.ECS_SERVICE)).map(StackResource::physicalId).toList();
    }

    /** What ECS says of each service, by ARN; a service ECS does not know is {@link ServiceState#missing}. */
    public Map<String, ServiceState> services(List<String> arns, CallBudget budget) {
        Map<String, List<String>> byCluster = new LinkedHashMap<>();
        for (String arn : arns) {
            byCluster.computeIfAbsent(OwnedServices.clusterOf(arn), c -> new ArrayList<>()).add(arn);
        }
        Map<String, ServiceState> states = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> cluster : byCluster.entrySet()) {
            List<String> all = cluster.getValue();
            for (int i = 0; i < all.size(); i += SERVICES_PER_CALL) {
                List<String> batch = all.subList(i, Math.min(all.size(), i + SERVICES_PER_CALL));
                List<Service> found;
                try {
                    found = ecs.describeServices(r -> r.cluster(cluster.getKey()).services(batch)
                            .overrideConfiguration(budget.override())).services();
                } catch (SdkException e) {
                    throw AwsErrors.wrap("failed to describe services in cluster " + cluster.getKey(), e);
                }
                for (String arn : batch) {
                    states.put(arn, found.stream().filter(s -> arn.equals(s.serviceArn())
                            || arn.endsWith("/" + s.serviceName())).findFirst().map(StackReader::state)
                            .orElse(ServiceState.missing(arn)));
                }
            }
        }
        return states;
    }

    static ServiceState state(Service service) {
        Deployment primary = service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst().orElse(null);
        String controller = service.deploymentController() == null ? null : service.deploymentController().typeAsString();
        String strategy = service.deploymentConfiguration() == null ? null : service.deploymentConfiguration().strategyAsString();
        return new ServiceState(service.serviceArn(), true, service.status(), service.taskDefinition(),
                primary == null ? null : primary.taskDefinition(), primary == null ? null : primary.rolloutStateAsString(),
                service.deployments().size(), zero(service.runningCount()), zero(service.desiredCount()), controller, strategy);
    }

    private static int zero(Integer value) {
        return value == null ? 0 : value;
    }
}
