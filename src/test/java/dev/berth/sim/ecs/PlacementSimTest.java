package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.http.AwsException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tasks of the EC2 launch type go where they fit; a task that fits nowhere is not created and ECS says why. */
class PlacementSimTest {
    private final EcsHarness sim = new EcsHarness();

    private String instance(String cluster, String ec2Id, int cpu, int memory, String zone) {
        ObjectNode input = EcsHarness.obj().put("cluster", cluster).put("instanceIdentityDocument",
                "{\"instanceId\":\"" + ec2Id + "\",\"instanceType\":\"t3.medium\",\"availabilityZone\":\"" + zone + "\"}");
        ArrayNode resources = input.putArray("totalResources");
        resources.addObject().put("name", "CPU").put("type", "INTEGER").put("integerValue", cpu);
        resources.addObject().put("name", "MEMORY").put("type", "INTEGER").put("integerValue", memory);
        resources.addObject().put("name", "PORTS").put("type", "STRINGSET").putArray("stringSetValue").add("22");
        return sim.call("RegisterContainerInstance", input).path("containerInstance").path("containerInstanceArn").asText();
    }

    private String web(String image, int memory, int hostPort, String networkMode) {
        ObjectNode input = EcsHarness.obj().put("family", "web").put("networkMode", networkMode);
        ObjectNode container = input.putArray("containerDefinitions").addObject().put("name", "app").put("image", image)
                .put("memory", memory).put("cpu", 256);
        container.putArray("portMappings").addObject().put("containerPort", 8080).put("hostPort", hostPort);
        return sim.call("RegisterTaskDefinition", input).path("taskDefinition").path("taskDefinitionArn").asText();
    }

    private List<String> events() {
        return sim.service("c", "web").events.stream().map(SimService.ServiceEvent::message).toList();
    }

    @Test
    void aStaticPortServiceWithOneTaskPerInstanceCannotSurgeAndSaysSo() {
        sim.cluster("c");
        instance("c", "i-0aaaaaaaaaaaaaaa1", 2048, 3850, "us-east-1a");
        instance("c", "i-0aaaaaaaaaaaaaaa2", 2048, 3850, "us-east-1b");
        sim.createService("c", "web", web("repo/web:1", 512, 80, "bridge"), 2, 100, 200, true, true);
        assertThat(sim.runUntil(() -> sim.primaryCompleted("c", "web"), Duration.ofMinutes(5))).isTrue();
        assertThat(sim.service("c", "web").tasks).extracting(t -> t.instanceId).doesNotHaveDuplicates();

        sim.updateService("c", "web", web("repo/web:2", 512, 80, "bridge"));
        sim.runUntil(() -> false, Duration.ofMinutes(30));
        SimService service = sim.service("c", "web");
        assertThat(service.primary().rolloutState).isEqualTo("IN_PROGRESS");
        assertThat(service.tasks).allMatch(t -> t.taskDefinition.revision == 1 && t.healthy);
        assertThat(events()).anyMatch(m -> m.startsWith("(service web) was unable to place a task because no container instance "
                + "met all of its requirements. The closest matching (container-instance ")
                && m.contains(") is already using a port required by your task."));
    }

    @Test
    void aTaskThatFitsNowhereIsNotCreatedUntilRoomIsFreed() {
        sim.cluster("c");
        instance("c", "i-0bbbbbbbbbbbbbbb1", 2048, 1024, "us-east-1a");
        sim.createService("c", "web", web("repo/web:1", 512, 0, "bridge"), 3, 100, 200, false, false);
        sim.runUntil(() -> false, Duration.ofMinutes(10));
        assertThat(sim.region().clusters.get("c").tasks).hasSize(2);
        assertThat(events()).anyMatch(m -> m.contains("has insufficient memory available."));
        assertThat(sim.service("c", "web").primary().rolloutState).isEqualTo("IN_PROGRESS");

        instance("c", "i-0bbbbbbbbbbbbbbb2", 2048, 1024, "us-east-1b");
        assertThat(sim.runUntil(() -> sim.primaryCompleted("c", "web"), Duration.ofMinutes(5))).isTrue();
        JsonNode described = sim.call("DescribeContainerInstances", EcsHarness.obj().put("cluster", "c").set("containerInstances",
                EcsHarness.JSON.valueToTree(sim.region().clusters.get("c").containerInstances.keySet())));
        int remaining = 0;
        for (JsonNode ci : described.path("containerInstances")) {
            remaining += ci.path("remainingResources").get(1).path("integerValue").asInt();
        }
        assertThat(remaining).isEqualTo(2 * 1024 - 3 * 512);
    }

    @Test
    void drainingInstancesTakeNoNewTasksAndAwsvpcTasksNeedNoInstance() {
        sim.cluster("c");
        String arn = instance("c", "i-0ccccccccccccccc1", 2048, 3850, "us-east-1a");
        sim.call("UpdateContainerInstancesState", EcsHarness.obj().put("cluster", "c").put("status", "DRAINING")
                .set("containerInstances", EcsHarness.JSON.createArrayNode().add(arn)));
        sim.createService("c", "web", web("repo/web:1", 512, 0, "bridge"), 1, 100, 200, false, false);
        sim.runUntil(() -> false, Duration.ofMinutes(2));
        assertThat(sim.region().clusters.get("c").tasks).isEmpty();
        assertThat(events()).anyMatch(m -> m.contains("No Container Instances were found in your cluster."));

        sim.call("CreateService", EcsHarness.obj().put("cluster", "c").put("serviceName", "api")
                .put("taskDefinition", web("repo/api:1", 512, 8080, "awsvpc")).put("desiredCount", 2));
        assertThat(sim.runUntil(() -> sim.primaryCompleted("c", "api"), Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void placementSettingsEcsWouldRefuseAreRefused() {
        sim.cluster("c");
        String definition = web("repo/web:1", 512, 0, "bridge");
        ObjectNode input = EcsHarness.obj().put("cluster", "c").put("serviceName", "web").put("taskDefinition", definition);
        input.putArray("placementConstraints").addObject().put("type", "memberOf").put("expression", "instance-type = big");
        assertThatThrownBy(() -> sim.call("CreateService", input)).isInstanceOf(AwsException.class)
                .hasMessageContaining("instance-type = big");
        assertThat(sim.region().clusters.get("c").services).isEmpty();
        ObjectNode binpack = EcsHarness.obj().put("cluster", "c").put("serviceName", "web").put("taskDefinition", definition);
        binpack.putArray("placementStrategy").addObject().put("type", "binpack").put("field", "disk");
        assertThatThrownBy(() -> sim.call("CreateService", binpack)).hasMessageContaining("disk");
    }

    @Test
    void memberOfKeepsTheServiceOffOtherInstanceTypes() {
        sim.cluster("c");
        instance("c", "i-0ddddddddddddddd1", 2048, 3850, "us-east-1a");
        ObjectNode input = EcsHarness.obj().put("cluster", "c").put("serviceName", "web")
                .put("taskDefinition", web("repo/web:1", 512, 0, "bridge")).put("desiredCount", 1);
        input.putArray("placementConstraints").addObject().put("type", "memberOf")
                .put("expression", "attribute:ecs.instance-type == m5.large");
        sim.call("CreateService", input);
        sim.runUntil(() -> false, Duration.ofMinutes(2));
        assertThat(sim.region().clusters.get("c").tasks).isEmpty();
        assertThat(events()).anyMatch(m -> m.contains("does not satisfy the service's placement constraints."));
    }

    @Test
    void reservationIsWhatTheTasksReserveOverWhatTheInstancesRegistered() {
        sim.cluster("c");
        assertThat(sim.ecs.clusterReservation(EcsHarness.REGION, "c")).isEmpty();
        instance("c", "i-0eeeeeeeeeeeeeee1", 2048, 2048, "us-east-1a");
        instance("c", "i-0eeeeeeeeeeeeeee2", 2048, 2048, "us-east-1b");
        sim.createService("c", "web", web("repo/web:1", 512, 0, "bridge"), 3, 100, 200, false, false);
        assertThat(sim.runUntil(() -> sim.primaryCompleted("c", "web"), Duration.ofMinutes(5))).isTrue();
        ClusterReservation reservation = sim.ecs.clusterReservation(EcsHarness.REGION, "c").orElseThrow();
        assertThat(reservation.memoryPercent()).isEqualTo(100.0 * 3 * 512 / 4096);
        assertThat(reservation.cpuPercent()).isEqualTo(100.0 * 3 * 256 / 4096);
    }
}
