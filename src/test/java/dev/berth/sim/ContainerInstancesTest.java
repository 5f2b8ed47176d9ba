package dev.berth.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.AwsCli;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.Resource;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster stack's Auto Scaling group launches t3.medium instances whose agents register with
 * the stack's cluster; ECS reports what each registered and what the service's tasks left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerInstancesTest {
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
    void theClusterStacksInstancesRegisterAndCarryTheServicesTasks() {
        StackFixture.clusterAndService(sim, "room", Map.of("DesiredCount", "3"));
        EcsClient ecs = sim.ecs();
        String cluster = ecs.describeClusters(r -> r.clusters(clusterName(ecs))).clusters().get(0).clusterName();
        assertThat(ecs.describeClusters(r -> r.clusters(cluster)).clusters().get(0).registeredContainerInstancesCount()).isEqualTo(2);
        List<String> arns = ecs.listContainerInstances(r -> r.cluster(cluster)).containerInstanceArns();
        assertThat(arns).hasSize(2).allMatch(a -> a.contains(":container-instance/" + cluster + "/"));
        List<ContainerInstance> instances = ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(arns))
                .containerInstances();
        for (ContainerInstance instance : instances) {
            assertThat(resource(instance.registeredResources(), "CPU").integerValue()).isEqualTo(2048);
            assertThat(resource(instance.registeredResources(), "MEMORY").integerValue()).isEqualTo(3850);
            assertThat(resource(instance.registeredResources(), "PORTS").stringSetValue()).contains("22", "51678");
            assertThat(instance.status()).isEqualTo("ACTIVE");
            assertThat(instance.agentConnected()).isTrue();
            assertThat(instance.ec2InstanceId()).matches("i-0[0-9a-f]{16}");
            assertThat(attributes(instance)).containsEntry("ecs.instance-type", "t3.medium");
        }
        // three tasks of 256 CPU units and 512 MiB, spread over the two instances (and their two zones)
        int usedCpu = instances.stream().mapToInt(i -> 2048 - resource(i.remainingResources(), "CPU").integerValue()).sum();
        int usedMemory = instances.stream().mapToInt(i -> 3850 - resource(i.remainingResources(), "MEMORY").integerValue()).sum();
        assertThat(usedCpu).isEqualTo(3 * 256);
        assertThat(usedMemory).isEqualTo(3 * 512);
        assertThat(instances.stream().mapToInt(i -> i.runningTasksCount() + i.pendingTasksCount()).sum()).isEqualTo(3);
        assertThat(instances).allMatch(i -> i.runningTasksCount() + i.pendingTasksCount() >= 1);
        assertThat(instances.stream().map(i -> attributes(i).get("ecs.availability-zone")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("us-east-1a", "us-east-1b");

        ContainerInstance drained = ecs.updateContainerInstancesState(r -> r.cluster(cluster).containerInstances(arns.get(0))
                .status(ContainerInstanceStatus.DRAINING)).containerInstances().get(0);
        assertThat(drained.status()).isEqualTo("DRAINING");
        assertThat(ecs.listContainerInstances(r -> r.cluster(cluster).status(ContainerInstanceStatus.DRAINING))
                .containerInstanceArns()).containsExactly(arns.get(0));
        assertThat(ecs.listContainerInstances(r -> r.cluster(cluster).filter("attribute:ecs.instance-type == t3.large"))
                .containerInstanceArns()).isEmpty();
        assertThat(ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances("0123456789abcdef0123456789abcdef"))
                .failures()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));
        ecs.updateContainerInstancesState(r -> r.cluster(cluster).containerInstances(arns.get(0)).status(ContainerInstanceStatus.ACTIVE));
    }

    @Test
    void theAwsCliListsAndDescribesTheInstancesAfterBerthDeploysTheClusterStack() throws Exception {
        CliRun deployed = CliRun.against(sim, "cluster", "deploy", "--stack", "ecs");
        assertThat(deployed.exitCode()).as(deployed.stderr()).isZero();
        AwsCli aws = new AwsCli(sim.endpoint());
        String cluster = sim.clients().cloudFormation().describeStacks(r -> r.stackName("ecs")).stacks().get(0).outputs().stream()
                .filter(o -> o.outputKey().equals("ClusterName")).findFirst().orElseThrow().outputValue();
        AwsCli.Result list = aws.run("ecs", "list-container-instances", "--cluster", cluster);
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        JsonNode arns = list.json().path("containerInstanceArns");
        assertThat(arns.size()).isEqualTo(2);
        AwsCli.Result described = aws.run("ecs", "describe-container-instances", "--cluster", cluster, "--container-instances",
                arns.get(0).asText(), arns.get(1).asText());
        assertThat(described.exitCode()).as(described.stderr()).isZero();
        for (JsonNode instance : described.json().path("containerInstances")) {
            assertThat(instance.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(instance.path("registeredResources").get(0).path("integerValue").asInt()).isEqualTo(2048);
            assertThat(instance.path("runningTasksCount").asInt()).isZero();
        }
        AwsCli.Result bad = aws.run("ecs", "update-container-instances-state", "--cluster", cluster, "--container-instances",
                arns.get(0).asText(), "--status", "ASLEEP");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr()).contains("ASLEEP");
    }

    @Test
    void anInstanceTheGroupTerminatesIsDrainedFirstAndReplaced() throws Exception {
        StackFixture.clusterAndService(sim, "hook", Map.of("DesiredCount", "2"));
        EcsClient ecs = sim.ecs();
        String cluster = ecs.listClusters().clusterArns().stream().filter(a -> a.contains("hook-ecs")).findFirst()
                .map(a -> a.substring(a.lastIndexOf('/') + 1)).orElseThrow();
        List<String> arns = ecs.listContainerInstances(r -> r.cluster(cluster)).containerInstanceArns();
        ContainerInstance busy = ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(arns))
                .containerInstances().stream().filter(i -> i.runningTasksCount() > 0).findFirst().orElseThrow();
        sim.server().autoScaling().terminateInstance("us-east-1", "hook-ecs", busy.ec2InstanceId(), false);

        String service = ecs.listServices(r -> r.cluster(cluster)).serviceArns().get(0);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        boolean replaced = false;
        while (!replaced && System.nanoTime() < deadline) {
            int running = ecs.describeServices(r -> r.cluster(cluster).services(service)).services().get(0).runningCount();
            assertThat(running).as("healthy floor of desired 2 at 100%").isGreaterThanOrEqualTo(2);
            List<ContainerInstance> now = ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(
                    ecs.listContainerInstances(l -> l.cluster(cluster)).containerInstanceArns())).containerInstances();
            replaced = now.size() == 2 && now.stream().noneMatch(i -> i.ec2InstanceId().equals(busy.ec2InstanceId()))
                    && now.stream().allMatch(i -> "ACTIVE".equals(i.status()));
            Thread.sleep(100);
        }
        assertThat(replaced).as("the drained instance left and the group launched a replacement that registered").isTrue();
        List<String> stopped = ecs.listTasks(r -> r.cluster(cluster).desiredStatus("STOPPED")).taskArns();
        assertThat(stopped).isNotEmpty();
        assertThat(ecs.describeTasks(r -> r.cluster(cluster).tasks(stopped)).tasks())
                .allSatisfy(t -> assertThat(t.stopCode().toString()).isEqualTo("ServiceSchedulerInitiated"));
    }

    private static String clusterName(EcsClient ecs) {
        return ecs.listClusters().clusterArns().stream().filter(a -> a.contains("room-ecs")).findFirst()
                .map(a -> a.substring(a.lastIndexOf('/') + 1)).orElseThrow();
    }

    private static Resource resource(List<Resource> resources, String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> attributes(ContainerInstance instance) {
        return instance.attributes().stream().collect(Collectors.toMap(a -> a.name(), a -> a.value() == null ? "" : a.value()));
    }
}
