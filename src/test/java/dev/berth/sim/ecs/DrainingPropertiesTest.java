package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Draining a container instance over random clusters and services: at every instant the simulator
 * steps through, each service keeps at least its lower bound of healthy tasks and at most its upper
 * bound of tasks; when the rest of the cluster has room and the bounds let ECS move, the instance
 * empties and every service is back at its desired count elsewhere.
 */
class DrainingPropertiesTest {
    record Spec(int desired, int min, int max, int memory) {
        int lower() {
            return (desired * min + 99) / 100;
        }

        int upper() {
            return desired * max / 100;
        }
    }

    @Property(tries = 60)
    void drainingKeepsEveryServiceWithinItsBoundsAndEmptiesTheInstance(@ForAll("services") List<Spec> services,
                                                                      @ForAll @IntRange(min = 2, max = 5) int instances,
                                                                      @ForAll @IntRange(min = 0, max = 4) int which) {
        EcsHarness sim = new EcsHarness();
        sim.cluster("c");
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            arns.add(register(sim, i));
        }
        for (int s = 0; s < services.size(); s++) {
            Spec spec = services.get(s);
            ObjectNode definition = EcsHarness.obj().put("family", "svc" + s);
            definition.putArray("containerDefinitions").addObject().put("name", "app").put("image", "repo/app:1")
                    .put("memory", spec.memory()).put("cpu", 128);
            String arn = sim.call("RegisterTaskDefinition", definition).path("taskDefinition").path("taskDefinitionArn").asText();
            sim.createService("c", "svc" + s, arn, spec.desired(), spec.min(), spec.max(), false, false);
        }
        assertThat(sim.runUntil(() -> allSteady(sim, services), Duration.ofMinutes(10))).isTrue();

        List<String> violations = new ArrayList<>();
        sim.world.addReaction(() -> check(sim, services, violations));
        String drained = arns.get(which % instances);
        sim.call("UpdateContainerInstancesState", EcsHarness.obj().put("cluster", "c").put("status", "DRAINING")
                .set("containerInstances", EcsHarness.JSON.createArrayNode().add(drained)));
        boolean canMove = services.stream().allMatch(s -> s.upper() > s.desired() || s.desired() - 1 >= s.lower());
        SimContainerInstance instance = sim.region().clusters.get("c").containerInstances.get(drained.substring(drained.lastIndexOf('/') + 1));
        boolean emptied = sim.runUntil(() -> instance.tasks().isEmpty() && allSteady(sim, services), Duration.ofMinutes(30));
        assertThat(violations).isEmpty();
        if (canMove) {
            assertThat(emptied).as("the draining instance empties and every service is steady again").isTrue();
        }
    }

    /** Instances large enough that the rest of the cluster can take every task of the drained one. */
    private static String register(EcsHarness sim, int i) {
        ObjectNode input = EcsHarness.obj().put("cluster", "c").put("instanceIdentityDocument",
                "{\"instanceId\":\"i-0" + String.format("%016x", i + 1) + "\",\"instanceType\":\"m5.large\",\"availabilityZone\":\"us-east-1"
                        + (char) ('a' + i % 3) + "\"}");
        ArrayNode resources = input.putArray("totalResources");
        resources.addObject().put("name", "CPU").put("type", "INTEGER").put("integerValue", 8192);
        resources.addObject().put("name", "MEMORY").put("type", "INTEGER").put("integerValue", 16384);
        return sim.call("RegisterContainerInstance", input).path("containerInstance").path("containerInstanceArn").asText();
    }

    private static boolean allSteady(EcsHarness sim, List<Spec> services) {
        for (int s = 0; s < services.size(); s++) {
            SimService service = sim.service("c", "svc" + s);
            long healthy = service.tasks.stream().filter(t -> t.active() && t.healthy && !RollingScheduler.draining(t)).count();
            if (healthy != services.get(s).desired() || service.tasks.size() != services.get(s).desired()) {
                return false;
            }
        }
        return true;
    }

    private static void check(EcsHarness sim, List<Spec> services, List<String> violations) {
        for (int s = 0; s < services.size(); s++) {
            Spec spec = services.get(s);
            SimService service = sim.service("c", "svc" + s);
            long healthy = service.tasks.stream().filter(t -> t.active() && t.healthy).count();
            long active = service.tasks.stream().filter(SimTask::active).count();
            if (healthy < spec.lower()) {
                violations.add(sim.now() + " svc" + s + " " + healthy + " healthy < lower " + spec.lower());
            }
            if (active > Math.max(spec.upper(), spec.desired())) {
                violations.add(sim.now() + " svc" + s + " " + active + " active > upper " + spec.upper());
            }
        }
    }

    @Provide
    Arbitrary<List<Spec>> services() {
        Arbitrary<Spec> spec = Combinators.combine(Arbitraries.integers().between(1, 6), Arbitraries.of(0, 50, 75, 100),
                Arbitraries.of(100, 125, 150, 200), Arbitraries.of(128, 256, 512)).as(Spec::new);
        return spec.list().ofMinSize(1).ofMaxSize(3);
    }
}
