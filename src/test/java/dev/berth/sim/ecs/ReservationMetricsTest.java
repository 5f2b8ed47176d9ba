package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.cloudwatch.MetricSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ECS metric source publishes each cluster's CPUReservation and MemoryReservation, as ECS computes them. */
class ReservationMetricsTest {
    private final EcsHarness sim = new EcsHarness();
    private final MetricSource source = sim.ecs.metricSource();

    private void instance(String ec2Id) {
        ObjectNode input = EcsHarness.obj().put("cluster", "c").put("instanceIdentityDocument",
                "{\"instanceId\":\"" + ec2Id + "\",\"instanceType\":\"t3.small\",\"availabilityZone\":\"us-east-1a\"}");
        ArrayNode resources = input.putArray("totalResources");
        resources.addObject().put("name", "CPU").put("type", "INTEGER").put("integerValue", 2048);
        resources.addObject().put("name", "MEMORY").put("type", "INTEGER").put("integerValue", 2048);
        sim.call("RegisterContainerInstance", input);
    }

    private String web() {
        ObjectNode input = EcsHarness.obj().put("family", "web").put("networkMode", "bridge");
        ObjectNode container = input.putArray("containerDefinitions").addObject().put("name", "app")
                .put("image", "repo/web:1").put("memory", 512).put("cpu", 128);
        container.putArray("portMappings").addObject().put("containerPort", 8080).put("hostPort", 0);
        return sim.call("RegisterTaskDefinition", input).path("taskDefinition").path("taskDefinitionArn").asText();
    }

    private Double value(String metric) {
        List<MetricSource.Sample> found = source.sample(sim.now()).stream()
                .filter(s -> s.namespace().equals("AWS/ECS") && s.metricName().equals(metric)).toList();
        if (found.isEmpty()) {
            return null;
        }
        assertThat(found).hasSize(1);
        assertThat(found.get(0).dimensions()).isEqualTo(Map.of("ClusterName", "c"));
        assertThat(found.get(0).unit()).isEqualTo("Percent");
        assertThat(found.get(0).region()).isEqualTo(EcsHarness.REGION);
        return found.get(0).value();
    }

    @Test
    void aClusterWithoutInstancesPublishesNoReservation() {
        sim.cluster("c");
        assertThat(value("MemoryReservation")).isNull();
        assertThat(value("CPUReservation")).isNull();
    }

    @Test
    void eachTaskOfFiveHundredTwelveMegabytesReservesAQuarterOfATwoGigabyteInstance() {
        sim.cluster("c");
        instance("i-0aaaaaaaaaaaaaaa1");
        assertThat(value("MemoryReservation")).isEqualTo(0.0);
        assertThat(value("CPUReservation")).isEqualTo(0.0);

        sim.createService("c", "web", web(), 1, 100, 200, false, false);
        assertThat(sim.runUntil(() -> sim.primaryCompleted("c", "web"), Duration.ofMinutes(5))).isTrue();
        assertThat(value("MemoryReservation")).isEqualTo(25.0);
        assertThat(value("CPUReservation")).isEqualTo(6.25);

        sim.call("UpdateService", EcsHarness.obj().put("cluster", "c").put("service", "web").put("desiredCount", 3));
        assertThat(sim.runUntil(() -> sim.service("c", "web").tasks.stream().filter(SimTask::running).count() == 3,
                Duration.ofMinutes(5))).isTrue();
        assertThat(value("MemoryReservation")).isEqualTo(75.0);

        instance("i-0aaaaaaaaaaaaaaa2");
        assertThat(value("MemoryReservation")).isEqualTo(37.5);
        assertThat(value("CPUReservation")).isEqualTo(100.0 * 3 * 128 / 4096);
    }
}
