package dev.berth.engine.deploy;

import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.rollout.PollPolicy;
import software.amazon.awssdk.services.cloudformation.model.*;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;


/**
 * One service stack on a {@link FakeAws}, scripted to behave as an AWS this project does not
 * simulate yet: an update ECS never applies, a change set that finds no changes although the
 * version differs, a rollback that never ends, an endpoint that goes away once the update runs.
 * Time is a fake clock that moves only when berth sleeps.
 */
final class FakeStack {
    static final String STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/web/1";
    static final String SERVICE = "arn:aws:ecs:us-east-1:123456789012:service/apps/web";
    static final String TD1 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
    static final String TD2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";

    final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    final FakeAws aws = new FakeAws();
    final List<BerthEvent> progress = new CopyOnWriteArrayList<>();
    volatile String status = "UPDATE_COMPLETE";
    volatile String version = "1";
    volatile boolean executed;
    volatile RuntimeException outage;
    /** CloudFormation completes the update at once (true) or waits on the service for ever (false). */
    volatile boolean completes;
    /** ECS applies the service update (true) or keeps the old task definition (false). */
    volatile boolean ecsApplies = true;
    /** The change set finds nothing to change, whatever the version. */
    volatile boolean noChanges;
    volatile String controller = "ECS";
    /** The service's new deployment has finished: it alone runs, COMPLETED. */
    volatile boolean settled;
    /** The stack's resources name the new task definition only once the update is complete, and no event names it. */
    volatile boolean resourcesLag;
    /** When set, the update under way completes (and its service settles) once the clock reaches it. */
    volatile Instant completeAt;
    final List<StackEvent> events = new CopyOnWriteArrayList<>();

    void event(String logicalId, String type, String physical, String status, String reason) {
        events.add(0, StackEvent.builder().stackId(STACK_ID).stackName("web").eventId("e" + events.size())
                .timestamp(clock.instant()).logicalResourceId(logicalId).resourceType(type).physicalResourceId(physical)
                .resourceStatus(status).resourceStatusReason(reason).build());
    }

    private Function<Object, Object> unlessDown(Function<Object, Object> answer) {
        return request -> {
            if (outage != null && executed) {
                throw outage;
            }
            return answer.apply(request);
        };
    }

    DeployResult deploy(Duration timeout, Duration grace) {
        Map<String, Function<Object, Object>> cfn = new HashMap<>();
        cfn.put("describeStacks", unlessDown(r -> DescribeStacksResponse.builder().stacks(Stack.builder().stackId(STACK_ID)
                .stackName("web").stackStatus(status).parameters(
                        Parameter.builder().parameterKey("Version").parameterValue(version).build(),
                        Parameter.builder().parameterKey("Repository").parameterValue("repo/web").build()).build()).build()));
        cfn.put("getTemplateSummary", r -> GetTemplateSummaryResponse.builder().parameters(
                ParameterDeclaration.builder().parameterKey("Version").build(),
                ParameterDeclaration.builder().parameterKey("Repository").build()).build());
        cfn.put("listStackResources", unlessDown(r -> ListStackResourcesResponse.builder().stackResourceSummaries(
                StackResourceSummary.builder().logicalResourceId("TaskDefinition").resourceType("AWS::ECS::TaskDefinition")
                        .physicalResourceId(executed && (!resourcesLag || "UPDATE_COMPLETE".equals(status)) ? TD2 : TD1).build(),
                StackResourceSummary.builder().logicalResourceId("Service").resourceType("AWS::ECS::Service")
                        .physicalResourceId(SERVICE).build()).build()));
        cfn.put("createChangeSet", r -> CreateChangeSetResponse.builder().id("cs-1").stackId(STACK_ID).build());
        cfn.put("describeChangeSet", r -> noChanges ? DescribeChangeSetResponse.builder().changeSetId("cs-1")
                .status(ChangeSetStatus.FAILED).executionStatus(ExecutionStatus.UNAVAILABLE)
                .statusReason("The submitted information didn't contain changes. Submit different information to create a change set.").build()
                : DescribeChangeSetResponse.builder().changeSetId("cs-1")
                .status(ChangeSetStatus.CREATE_COMPLETE).executionStatus(ExecutionStatus.AVAILABLE).build());
        cfn.put("deleteChangeSet", r -> DeleteChangeSetResponse.builder().build());
        cfn.put("describeStackEvents", unlessDown(r -> {
            if (completeAt != null && !clock.instant().isBefore(completeAt) && !"UPDATE_COMPLETE".equals(status)) {
                settled = true;
                event("Service", "AWS::ECS::Service", SERVICE, "UPDATE_COMPLETE", null);
                event("web", "AWS::CloudFormation::Stack", STACK_ID, "UPDATE_COMPLETE", null);
                status = "UPDATE_COMPLETE";
            }
            return DescribeStackEventsResponse.builder().stackEvents(events).build();
        }));
        cfn.put("executeChangeSet", r -> {
            executed = true;
            status = "UPDATE_IN_PROGRESS";
            version = "2";
            event("web", "AWS::CloudFormation::Stack", STACK_ID, "UPDATE_IN_PROGRESS", "User Initiated");
            event("TaskDefinition", "AWS::ECS::TaskDefinition", resourcesLag ? "" : TD2, "UPDATE_COMPLETE", null);
            event("Service", "AWS::ECS::Service", SERVICE, "UPDATE_IN_PROGRESS", null);
            if (completes) {
                event("Service", "AWS::ECS::Service", SERVICE, "UPDATE_COMPLETE", null);
                event("web", "AWS::CloudFormation::Stack", STACK_ID, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", null);
                event("web", "AWS::CloudFormation::Stack", STACK_ID, "UPDATE_COMPLETE", null);
                status = "UPDATE_COMPLETE";
            }
            return ExecuteChangeSetResponse.builder().build();
        });
        cfn.put("cancelUpdateStack", unlessDown(r -> {
            status = "UPDATE_ROLLBACK_IN_PROGRESS"; // and it stays there: ECS never stabilises the old tasks either
            event("web", "AWS::CloudFormation::Stack", STACK_ID, "UPDATE_ROLLBACK_IN_PROGRESS", "Stack update cancelled");
            return CancelUpdateStackResponse.builder().build();
        }));
        Map<String, Function<Object, Object>> ecs = new HashMap<>();
        ecs.put("describeServices", unlessDown(r -> DescribeServicesResponse.builder().services(service()).build()));
        ecs.put("listTasks", unlessDown(r -> ListTasksResponse.builder().build()));
        ecs.put("listServiceDeployments", unlessDown(r -> ListServiceDeploymentsResponse.builder().build()));
        // pre-flight's room check: a bridge task on a cluster without registered instances, so nothing to check
        ecs.put("describeTaskDefinition", unlessDown(r -> software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse
                .builder().taskDefinition(t -> t.taskDefinitionArn(TD1).networkMode("bridge")
                        .containerDefinitions(c -> c.name("app").memory(256))).build()));
        ecs.put("listContainerInstances", unlessDown(r -> software.amazon.awssdk.services.ecs.model.ListContainerInstancesResponse
                .builder().build()));
        Deployer deployer = new Deployer(aws.cloudFormation(cfn), aws.ecs(ecs), null, clock, clock::advance, progress::add,
                PollPolicy.DEFAULT);
        return deployer.deploy(new DeployOptions("web", "2", "Version", timeout, DeployOptions.Verb.DEPLOY, "ci", null,
                "Repository", false, null, grace));
    }

    /** The new deployment's tasks never start; without a circuit breaker ECS waits for ever. */
    private Service service() {
        List<Deployment> deployments = new ArrayList<>();
        boolean updating = executed && ecsApplies;
        if (updating && settled) {
            return Service.builder().serviceArn(SERVICE).serviceName("web").status("ACTIVE").desiredCount(2).runningCount(2)
                    .taskDefinition(TD2).deployments(Deployment.builder().id("ecs-svc/2").status("PRIMARY").taskDefinition(TD2)
                            .desiredCount(2).runningCount(2).pendingCount(0).rolloutState("COMPLETED").build())
                    .deploymentController(c -> c.type(controller)).build();
        }
        if (updating) {
            deployments.add(Deployment.builder().id("ecs-svc/2").status("PRIMARY").taskDefinition(TD2).desiredCount(2)
                    .runningCount(0).pendingCount(2).rolloutState("IN_PROGRESS").build());
        }
        deployments.add(Deployment.builder().id("ecs-svc/1").status(updating ? "ACTIVE" : "PRIMARY").taskDefinition(TD1)
                .desiredCount(2).runningCount(2).pendingCount(0).rolloutState("COMPLETED").build());
        return Service.builder().serviceArn(SERVICE).serviceName("web").status("ACTIVE").desiredCount(2).runningCount(2)
                .taskDefinition(updating ? TD2 : TD1).deployments(deployments)
                .deploymentController(c -> c.type(controller))
                .deploymentConfiguration(c -> c.maximumPercent(200).minimumHealthyPercent(100)
                        .deploymentCircuitBreaker(b -> b.enable(false).rollback(false))).build();
    }

    /** A clock that moves only when berth sleeps. */
    static final class FakeClock extends Clock {
        private volatile Instant now;

        FakeClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
