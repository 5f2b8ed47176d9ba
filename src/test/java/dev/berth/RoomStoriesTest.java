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
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Room on the cluster stack's two t3.medium instances (2048 CPU units, 3850 MiB each): a service of
 * 4 tasks at 200/100 with room rolls out in one step; the same service with tasks that fill the
 * instances is refused at pre-flight, nothing changed, with the number of instances to add.
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
        String stack = StackFixture.clusterAndService(sim, "roomy", Map.of("DesiredCount", "4", "ContainerMemory", "512"));
        CliRun run = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2", "--output", "json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode capacity = JSON.readTree(run.stdout()).path("services").get(0).path("capacity");
        assertThat(capacity.path("checked").asBoolean()).isTrue();
        assertThat(capacity.path("fits").asBoolean()).isTrue();
        assertThat(capacity.path("waves").asInt()).isEqualTo(1);
        assertThat(capacity.path("tasksAtOnce").asInt()).isEqualTo(4);
        assertThat(capacity.path("taskMemoryMiB").asInt()).isEqualTo(512);
        assertThat(capacity.path("instances").asInt()).isEqualTo(2);
    }

    @Test
    void theSameServiceOnAFullClusterIsRefusedAtPreFlightWithTheInstancesToAdd() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "full", Map.of("DesiredCount", "4", "ContainerMemory", "1900"));
        String before = version(stack);
        CliRun plan = CliRun.against(sim, "plan", "--stack", stack, "--version", "2");
        assertThat(plan.exitCode()).as(plan.stderr()).isEqualTo(3);
        CliRun run = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
        assertThat(run.stderr()).contains("has no room on cluster").contains("has insufficient memory available")
                .contains("add 1 container instance like the cluster's (2 to roll out in 1 step)")
                .contains("lower MinimumHealthyPercent to 75");
        assertThat(version(stack)).isEqualTo(before);
    }

    private String version(String stack) {
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            return cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).parameters().stream()
                    .filter(p -> p.parameterKey().equals("Version")).findFirst().orElseThrow().parameterValue();
        }
    }
}
