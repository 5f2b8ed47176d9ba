package dev.berth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import dev.berth.engine.Outcome;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.stack.StackDeployer;
import dev.berth.engine.stack.StackTemplates;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Clock;
import java.time.Duration;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Room on the cluster stack's two t3.medium instances (2048 CPU units, 3850 MiB each): a service of
 * 4 tasks at 200/100 with room rolls out in one step; the same service with tasks that fill the
 * instances is refused at pre-flight, nothing changed, with the number of instances to add; a
 * static host port on as many instances as tasks cannot surge: refused by berth, stalled on ECS, even
 * though its group could grow to 4 (a stall that places nothing never raises reservation to the
 * scale-out alarm). The clusters' groups are held at their size (MinSize or MaxSize 2), so that
 * scaling does not change the room.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoomStoriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private SimFixture sim;

    @BeforeAll
    void start() {
        sim = SimFixture.start(60);
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    @Test
    void fourTasksAt200And100OnAClusterWithRoomSucceedInOneStep() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "roomy", Map.of("MinSize", "2"), Map.of("DesiredCount", "4", "ContainerMemory", "512"));
        CliRun run = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2", "--output", "json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode capacity = JSON.readTree(run.stdout()).path("services").get(0).path("capacity");
        assertThat(capacity.path("checked").asBoolean()).isTrue();
        assertThat(capacity.path("fits").asBoolean()).isTrue();
        assertThat(capacity.path("waves").asInt()).isEqualTo(1);
        assertThat(capacity.path("tasksAtOnce").asInt()).isEqualTo(4);
        assertThat(capacity.path("taskMemoryMiB").asInt()).isEqualTo(512);
        assertThat(capacity.path("instances").asInt()).isEqualTo(2);

        String cluster = clusterOf(stack);
        CliRun live = CliRun.against(sim, "capacity", "--cluster", cluster, "--output", "json");
        assertThat(live.exitCode()).as(live.stderr()).isZero();
        JsonNode report = JSON.readTree(live.stdout());
        assertThat(report.path("instances")).hasSize(2);
        for (JsonNode instance : report.path("instances")) {
            assertThat(instance.path("registeredCpu").asInt()).isEqualTo(2048);
            assertThat(instance.path("registeredMemoryMiB").asInt()).isEqualTo(3850);
            assertThat(instance.path("instanceType").asText()).isEqualTo("t3.medium");
        }
        int usedMemory = 0;
        for (JsonNode instance : report.path("instances")) {
            usedMemory += instance.path("registeredMemoryMiB").asInt() - instance.path("remainingMemoryMiB").asInt();
        }
        assertThat(usedMemory).isEqualTo(4 * 512);
        assertThat(report.path("services").get(0).path("taskMemoryMiB").asInt()).isEqualTo(512);
        // CPU (1 - 256 / 2048) x 100 = 87, memory (1 - 512 / 3850) x 100 = 86: memory binds
        assertThat(report.path("advice").path("threshold").asInt()).isEqualTo(86);
        assertThat(report.path("advice").path("binding").asText()).isEqualTo("MemoryReservation");
        assertThat(report.path("absorbsLargestSurge").asBoolean()).isTrue();
        CliRun text = CliRun.against(sim, "capacity", "--cluster", cluster);
        assertThat(text.stdout()).contains("scale up when MemoryReservation passes 86%")
                .contains("the cluster absorbs the largest surge now");
        assertThat(CliRun.against(sim, "capacity", "--cluster", "nowhere").exitCode()).isEqualTo(3);
        assertThat(CliRun.against(sim, "capacity", "--cluster", cluster, "--largest-cpu", "5").exitCode()).isEqualTo(2);
    }

    private String clusterOf(String stack) {
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            return cfn.describeStackResource(r -> r.stackName(stack).logicalResourceId("Service")).stackResourceDetail()
                    .physicalResourceId().split("/")[1];
        }
    }

    @Test
    void theSameServiceOnAFullClusterIsRefusedAtPreFlightWithTheInstancesToAdd() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "full", Map.of("MaxSize", "2"),
                Map.of("DesiredCount", "4", "ContainerMemory", "1900"));
        String before = version(stack);
        CliRun plan = CliRun.against(sim, "plan", "--stack", stack, "--version", "2");
        assertThat(plan.exitCode()).as(plan.stderr()).isEqualTo(3);
        CliRun run = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
        assertThat(run.stderr()).contains("has no room on cluster").contains("has insufficient memory available")
                .contains("the cluster will not grow by itself: group AutoScalingGroup may grow to MaxSize 2, 0 more")
                .contains("add 1 container instance like the cluster's (2 to roll out in 1 step)")
                .contains("lower MinimumHealthyPercent to 75");
        assertThat(version(stack)).isEqualTo(before);
    }

    @Test
    void aStaticPortServiceOnAsManyInstancesAsTasksIsRefusedAndStallsWhenUpdatedBehindBerthsBack() throws Exception {
        String template = StackTemplates.bundled("service").replace("HostPort: 0", "HostPort: 80");
        assertThat(template).contains("HostPort: 80");
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            StackDeployer stacks = new StackDeployer(cfn, Clock.systemUTC(), Sleeper.REAL, DeploymentListener.NONE);
            assertThat(stacks.deploy("static-ecs", StackTemplates.bundled("cluster"), Map.of("MinSize", "2", "MaxSize", "4"),
                    Duration.ofMinutes(2)).outcome())
                    .isEqualTo(Outcome.SUCCEEDED);
            assertThat(stacks.deploy("static-web", template, Map.of("ClusterStack", "static-ecs", "Repository", "repo/web",
                    "Version", "1", "DesiredCount", "2"), Duration.ofMinutes(2)).outcome()).isEqualTo(Outcome.SUCCEEDED);
        }
        CliRun refused = CliRun.against(sim, "deploy", "--stack", "static-web", "--version", "2");
        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(3);
        assertThat(refused.stderr()).contains("is already using a port required by your task")
                .contains("the cluster will not grow by itself: reservation stays at CPU 12.5 %, memory 13.3 % once the first "
                        + "wave is placed").contains("tasks that cannot be placed reserve nothing")
                .contains("add 1 container instance like the cluster's (2 to roll out in 1 step)")
                .contains("lower MinimumHealthyPercent to 50");

        // the same update made without berth stalls on ECS; berth wait says why at its deadline
        try (CloudFormationClient cfn = sim.clients().cloudFormation(); EcsClient ecs = sim.ecs()) {
            String arn = cfn.describeStackResource(r -> r.stackName("static-web").logicalResourceId("Service"))
                    .stackResourceDetail().physicalResourceId();
            String cluster = arn.split("/")[1];
            ecs.updateService(r -> r.cluster(cluster).service(arn).forceNewDeployment(true));
            CliRun waited = CliRun.against(sim, "wait", "--cluster", cluster, "--service", arn.split("/")[2], "--timeout", "20s");
            assertThat(waited.exitCode()).as(waited.stderr()).isEqualTo(6);
            assertThat(waited.stderr()).contains("was unable to place a task")
                    .contains("stalled for room: ECS could not place a task because no container instance met all of its "
                            + "requirements. The closest matching (container-instance ")
                    .contains("is already using a port required by your task.");
        }
    }

    private String version(String stack) {
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            return cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).parameters().stream()
                    .filter(p -> p.parameterKey().equals("Version")).findFirst().orElseThrow().parameterValue();
        }
    }
}
