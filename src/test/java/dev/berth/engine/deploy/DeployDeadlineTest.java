package dev.berth.engine.deploy;

import dev.berth.engine.Outcome;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.rollout.PollPolicy;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.model.*;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.Service;

import java.net.ConnectException;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * berth's deadlines against an AWS that never finishes, and against one that stops answering once
 * the update is executed: a release whose tasks never start on a service without the circuit
 * breaker, whose cancelled update then rolls back for ever. Time is a fake clock, so the test
 * runs in milliseconds and measures berth's own deadline exactly.
 */
class DeployDeadlineTest {
    private static final String STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/web/1";
    private static final String SERVICE = "arn:aws:ecs:us-east-1:123456789012:service/apps/web";
    private static final String TD1 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
    private static final String TD2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofMinutes(2);

    /** The world the fake answers from. */
    private final class World {
        volatile String status = "UPDATE_COMPLETE";
        volatile String version = "1";
        volatile boolean executed;
        volatile RuntimeException outage;
        final List<StackEvent> events = new CopyOnWriteArrayList<>();

        void event(String logicalId, String type, String physical, String status, String reason) {
            events.add(0, StackEvent.builder().stackId(STACK_ID).stackName("web").eventId("e" + events.size())
                    .timestamp(clock.instant()).logicalResourceId(logicalId).resourceType(type).physicalResourceId(physical)
                    .resourceStatus(status).resourceStatusReason(reason).build());
        }
    }

    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final World world = new World();
    private final FakeAws aws = new FakeAws();
    private final List<BerthEvent> progress = new CopyOnWriteArrayList<>();

    private Function<Object, Object> unlessDown(Function<Object, Object> answer) {
        return request -> {
            if (world.outage != null && world.executed) {
                throw world.outage;
            }
            return answer.apply(request);
        };
    }

    private DeployResult deploy() {
        Map<String, Function<Object, Object>> cfn = new HashMap<>();
        cfn.put("describeStacks", unlessDown(r -> DescribeStacksResponse.builder().stacks(Stack.builder().stackId(STACK_ID)
                .stackName("web").stackStatus(world.status).parameters(
                        Parameter.builder().parameterKey("Version").parameterValue(world.version).build(),
                        Parameter.builder().parameterKey("Repository").parameterValue("repo/web").build()).build()).build()));
        cfn.put("getTemplateSummary", r -> GetTemplateSummaryResponse.builder().parameters(
                ParameterDeclaration.builder().parameterKey("Version").build(),
                ParameterDeclaration.builder().parameterKey("Repository").build()).build());
        cfn.put("listStackResources", unlessDown(r -> ListStackResourcesResponse.builder().stackResourceSummaries(
                StackResourceSummary.builder().logicalResourceId("TaskDefinition").resourceType("AWS::ECS::TaskDefinition")
                        .physicalResourceId(world.executed ? TD2 : TD1).build(),
                StackResourceSummary.builder().logicalResourceId("Service").resourceType("AWS::ECS::Service")
                        .physicalResourceId(SERVICE).build()).build()));
        cfn.put("createChangeSet", r -> CreateChangeSetResponse.builder().id("cs-1").stackId(STACK_ID).build());
        cfn.put("describeChangeSet", r -> DescribeChangeSetResponse.builder().changeSetId("cs-1")
                .status(ChangeSetStatus.CREATE_COMPLETE).executionStatus(ExecutionStatus.AVAILABLE).build());
        cfn.put("describeStackEvents", unlessDown(r -> DescribeStackEventsResponse.builder().stackEvents(world.events).build()));
        cfn.put("executeChangeSet", r -> {
            world.executed = true;
            world.status = "UPDATE_IN_PROGRESS";
            world.version = "2";
            world.event("web", "AWS::CloudFormation::Stack", STACK_ID, "UPDATE_IN_PROGRESS", "User Initiated");
            world.event("TaskDefinition", "AWS::ECS::TaskDefinition", TD2, "UPDATE_COMPLETE", null);
            world.event("Service", "AWS::ECS::Service", SERVICE, "UPDATE_IN_PROGRESS", null);
            return ExecuteChangeSetResponse.builder().build();
        });
        cfn.put("cancelUpdateStack", unlessDown(r -> {
            world.status = "UPDATE_ROLLBACK_IN_PROGRESS"; // and it stays there: ECS never stabilises the old tasks either
            world.event("web", "AWS::CloudFormation::Stack", STACK_ID, "UPDATE_ROLLBACK_IN_PROGRESS", "Stack update cancelled");
            return CancelUpdateStackResponse.builder().build();
        }));
        Map<String, Function<Object, Object>> ecs = new HashMap<>();
        ecs.put("describeServices", unlessDown(r -> DescribeServicesResponse.builder().services(service()).build()));
        ecs.put("listTasks", unlessDown(r -> ListTasksResponse.builder().build()));
        ecs.put("listServiceDeployments", unlessDown(r -> ListServiceDeploymentsResponse.builder().build()));
        Deployer deployer = new Deployer(aws.cloudFormation(cfn), aws.ecs(ecs), null, clock, clock::advance, progress::add,
                PollPolicy.DEFAULT);
        return deployer.deploy(new DeployOptions("web", "2", "Version", TIMEOUT, DeployOptions.Verb.DEPLOY, "ci", null,
                "Repository", false, null, GRACE));
    }

    /** The new deployment's tasks never start; without a circuit breaker ECS waits for ever. */
    private Service service() {
        List<Deployment> deployments = new ArrayList<>();
        if (world.executed) {
            deployments.add(Deployment.builder().id("ecs-svc/2").status("PRIMARY").taskDefinition(TD2).desiredCount(2)
                    .runningCount(0).pendingCount(2).rolloutState("IN_PROGRESS").build());
        }
        deployments.add(Deployment.builder().id("ecs-svc/1").status(world.executed ? "ACTIVE" : "PRIMARY").taskDefinition(TD1)
                .desiredCount(2).runningCount(2).pendingCount(0).rolloutState("COMPLETED").build());
        return Service.builder().serviceArn(SERVICE).serviceName("web").status("ACTIVE").desiredCount(2).runningCount(2)
                .taskDefinition(world.executed ? TD2 : TD1).deployments(deployments)
                .deploymentController(c -> c.type(DeploymentControllerType.ECS))
                .deploymentConfiguration(c -> c.maximumPercent(200).minimumHealthyPercent(100)
                        .deploymentCircuitBreaker(b -> b.enable(false).rollback(false))).build();
    }

    @Test
    void aRollbackThatNeverEndsIsAnsweredByTheTimeoutPlusTheGracePlusOnePoll() {
        Instant start = clock.instant();
        DeployResult result = deploy();

        Duration took = Duration.between(start, clock.instant());
        assertThat(took).as("answered by timeout + grace + one poll").isLessThanOrEqualTo(TIMEOUT.plus(GRACE).plusSeconds(5));
        assertThat(took).as("it did follow the rollback for the grace").isGreaterThanOrEqualTo(TIMEOUT.plus(GRACE));
        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.outcome().exitCode()).isEqualTo(6);
        assertThat(result.stackStatus()).isEqualTo("UPDATE_ROLLBACK_IN_PROGRESS");
        assertThat(result.reason()).contains("did not finish rolling back within the rollback grace of PT2M")
                .contains("still UPDATE_ROLLBACK_IN_PROGRESS");
        assertThat(result.recovery()).isEqualTo("berth deploy --stack web --version 2");
        assertThat(aws.calls).filteredOn(c -> c.operation().equals("cancelUpdateStack")).hasSize(1);
        assertThat(progress).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(BerthEvent.PhaseChanged.class,
                p -> assertThat(p.detail()).contains("cancelling the update and following its rollback for at most PT2M")));
    }

    @Test
    void everyCallAfterTheChangeIsBoundedByTheDeadline() {
        deploy();
        List<FakeAws.Call> following = aws.calls.subList(aws.calls.indexOf(aws.calls.stream()
                .filter(c -> c.operation().equals("executeChangeSet")).findFirst().orElseThrow()) + 1, aws.calls.size());
        assertThat(following).isNotEmpty().allSatisfy(call -> {
            var timeout = call.request().overrideConfiguration().flatMap(o -> o.apiCallTimeout());
            assertThat(timeout).as(call.operation()).hasValueSatisfying(t ->
                    assertThat(t).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
        });
    }

    @Test
    void anEndpointLostAfterTheUpdateWasExecutedIsNeitherARefusalNorAnInternalError() {
        world.outage = SdkClientException.builder().message("Unable to execute HTTP request: Connection refused")
                .cause(new ConnectException("Connection refused")).build();
        Instant start = clock.instant();
        DeployResult result = deploy();

        assertThat(Duration.between(start, clock.instant())).isLessThanOrEqualTo(TIMEOUT.plus(GRACE).plusSeconds(5));
        assertThat(result.outcome()).isEqualTo(Outcome.NEEDS_ATTENTION);
        assertThat(result.outcome().exitCode()).isEqualTo(5);
        assertThat(result.reason()).contains("was started").contains("cannot connect to the AWS endpoint")
                .contains("the same command follows it: berth deploy --stack web --version 2");
    }

    @Test
    void anEndpointAnsweringOnly5xxAfterTheUpdateWasExecutedGivesWhatBerthKnows() {
        world.outage = AwsServiceException.builder().statusCode(503).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ServiceUnavailable").errorMessage("Service Unavailable").build()).build();
        DeployResult result = deploy();

        assertThat(result.outcome().exitCode()).isIn(5, 6);
        assertThat(result.reason()).contains("was started").contains("ServiceUnavailable");
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
