package dev.berth;

import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.Service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster stack's Auto Scaling group grows and shrinks on reservation (two t3.medium instances,
 * 3850 MiB each, scale out above 75 %, in below 30 % for 15 minutes). A rollout that stalls for room
 * after its first new task pushed memory reservation to 78 % resumes once the group has added an
 * instance, which boots for a minute before it registers; an idle cluster gives one back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScalingStoriesTest {
    private SimFixture sim;

    @BeforeAll
    void start() {
        sim = SimFixture.start(120);
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    @Test
    void aRolloutStalledForRoomResumesAfterTheGroupScalesOutOnReservation() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "grow", Map.of("DesiredCount", "1", "ContainerMemory", "3000"));
        String[] service = serviceOf(stack);
        assertThat(instances(service[0])).isEqualTo(2);

        // two tasks of 3000 MiB at 200/100: the first new one fits beside nothing (78 % reserved), the second nowhere
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            List<Parameter> parameters = cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).parameters().stream()
                    .map(p -> switch (p.parameterKey()) {
                        case "Version" -> Parameter.builder().parameterKey("Version").parameterValue("2").build();
                        case "DesiredCount" -> Parameter.builder().parameterKey("DesiredCount").parameterValue("2").build();
                        default -> Parameter.builder().parameterKey(p.parameterKey()).usePreviousValue(true).build();
                    }).toList();
            cfn.updateStack(r -> r.stackName(stack).usePreviousTemplate(true).parameters(parameters)
                    .capabilitiesWithStrings("CAPABILITY_IAM"));
        }
        CliRun waited = CliRun.against(sim, "wait", "--cluster", service[0], "--service", service[1], "--timeout", "60s");
        assertThat(waited.exitCode()).as(waited.stdout() + waited.stderr()).isZero();
        assertThat(waited.stdout() + waited.stderr()).contains("SUCCEEDED");

        try (EcsClient ecs = sim.ecs()) {
            Service after = ecs.describeServices(r -> r.cluster(service[0]).services(service[1])).services().get(0);
            assertThat(after.events()).anyMatch(e -> e.message().contains("was unable to place a task because no container "
                    + "instance met all of its requirements") && e.message().contains("has insufficient memory available"));
            assertThat(after.runningCount()).isEqualTo(2);
            assertThat(after.taskDefinition()).endsWith(":2");
        }
        assertThat(instances(service[0])).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anIdleClusterShrinksToItsMinimumAfterReservationStaysLow() throws Exception {
        StackFixture.clusterAndService(sim, "idle", Map.of("DesiredCount", "1", "ContainerMemory", "256"));
        String cluster = serviceOf("idle-web")[0];
        assertThat(instances(cluster)).isEqualTo(2);
        // 256 of 7700 MiB reserved: under 30 % for 15 one-minute periods, then one instance drains and goes
        Instant deadline = Instant.now().plusSeconds(60);
        while (instances(cluster) > 1 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(instances(cluster)).isEqualTo(1);
        try (EcsClient ecs = sim.ecs()) {
            Service after = ecs.describeServices(r -> r.cluster(cluster).services(serviceOf("idle-web")[1])).services().get(0);
            assertThat(after.runningCount()).isEqualTo(1);
        }
        Thread.sleep(Duration.ofSeconds(5).toMillis()); // 10 more minutes: MinSize 1 holds
        assertThat(instances(cluster)).isEqualTo(1);
    }

    @Test
    void aFullClusterThatCanGrowIsWarnedAboutNotRefusedAndTheRolloutSucceedsOnceItHasGrown() throws Exception {
        // slower: berth's pre-flight comes before the group's alarm has judged its first minute
        try (SimFixture slow = SimFixture.start(10)) {
            String stack = StackFixture.clusterAndService(slow, "full", Map.of("DesiredCount", "4", "ContainerMemory", "1900"));
            CliRun run = CliRun.against(slow, "deploy", "--stack", stack, "--version", "2", "--timeout", "5m");
            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            assertThat(run.stdout() + run.stderr()).contains("the rollout will stall for room until the cluster's Auto Scaling "
                    + "group adds 1 instance(s)").doesNotContain("has no room on cluster");
            try (CloudFormationClient cfn = slow.clients().cloudFormation(); EcsClient ecs = slow.ecs()) {
                String arn = cfn.describeStackResource(r -> r.stackName(stack).logicalResourceId("Service"))
                        .stackResourceDetail().physicalResourceId();
                assertThat(ecs.listContainerInstances(r -> r.cluster(arn.split("/")[1])).containerInstanceArns().size())
                        .isGreaterThanOrEqualTo(3);
            }
        }
    }

    private int instances(String cluster) {
        try (EcsClient ecs = sim.ecs()) {
            return ecs.listContainerInstances(r -> r.cluster(cluster).status(ContainerInstanceStatus.ACTIVE))
                    .containerInstanceArns().size();
        }
    }

    /** The service stack's cluster name and service name. */
    private String[] serviceOf(String stack) {
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            String arn = cfn.describeStackResource(r -> r.stackName(stack).logicalResourceId("Service")).stackResourceDetail()
                    .physicalResourceId();
            return new String[]{arn.split("/")[1], arn.split("/")[2]};
        }
    }
}
