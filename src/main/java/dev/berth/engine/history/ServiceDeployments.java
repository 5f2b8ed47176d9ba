package dev.berth.engine.history;

import dev.berth.engine.stack.StackServices;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deployments of the ECS services a stack owns now, each with the task definition it runs and
 * when it was created: an operation that started a deployment ran that task definition. Read
 * lazily: only when neither the events nor berth's change sets name an operation's version.
 */
final class ServiceDeployments {
    private final CloudFormationClient cfn;
    private final EcsClient ecs;
    private final String stack;
    private List<Deployment> deployments;

    ServiceDeployments(CloudFormationClient cfn, EcsClient ecs, String stack) {
        this.cfn = cfn;
        this.ecs = ecs;
        this.stack = stack;
    }

    /** The task definition of the newest deployment created after {@code from} (null: ever) and before {@code until} (null: now). */
    Optional<String> taskDefinitionStartedBetween(Instant from, Instant until) {
        Deployment newest = null;
        for (Deployment deployment : deployments()) {
            Instant created = deployment.createdAt();
            if (created != null && deployment.taskDefinition() != null && (from == null || created.isAfter(from))
                    && (until == null || created.isBefore(until))
                    && (newest == null || created.isAfter(newest.createdAt()))) {
                newest = deployment;
            }
        }
        return Optional.ofNullable(newest).map(Deployment::taskDefinition);
    }

    private List<Deployment> deployments() {
        if (deployments == null) {
            deployments = new ArrayList<>();
            if (ecs == null) {
                return deployments;
            }
            try {
                for (StackServices.StackService service : StackServices.of(cfn, stack)) {
                    ecs.describeServices(r -> r.cluster(service.cluster()).services(service.serviceArn())).services()
                            .forEach(described -> deployments.addAll(described.deployments()));
                }
            } catch (RuntimeException e) {
                // services not readable (an SDK failure, or one StackServices wrapped): the other sources stand
            }
        }
        return deployments;
    }
}
