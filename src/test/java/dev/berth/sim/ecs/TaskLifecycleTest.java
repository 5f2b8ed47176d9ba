package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Task lifecycles and image faults, in simulated time at speed 1. */
class TaskLifecycleTest {
    private final EcsHarness sim = new EcsHarness();

    private List<SimTask> tasks(int revision) {
        return sim.region().clusters.get("c").tasks.values().stream()
                .filter(t -> t.taskDefinition.revision == revision).toList();
    }

    private Duration rollout(String image) {
        sim.cluster("c");
        sim.createService("c", "web", sim.register("web", "repo/web:1"), 4, 100, 200, true, true);
        sim.runUntil(() -> sim.primaryCompleted("c", "web"), Duration.ofMinutes(5));
        Instant start = sim.now();
        sim.updateService("c", "web", sim.register("web", image));
        sim.runUntil(() -> sim.service("c", "web").deployments.size() == 1 && sim.primaryCompleted("c", "web"),
                Duration.ofHours(1));
        return Duration.between(start, sim.now());
    }

    @Test
    void aFourTaskRolloutAtSpeedOneTakesUnderThirtySimulatedSeconds() {
        Duration took = rollout("repo/web:2");
        assertThat(took).isLessThan(Duration.ofSeconds(30)).isGreaterThan(Duration.ofSeconds(5));
        SimTask task = tasks(2).get(0);
        assertThat(task.lastStatus).isEqualTo("RUNNING");
        assertThat(List.of(task.createdAt, task.pullStartedAt, task.pullStoppedAt, task.startedAt, task.healthyAt))
                .isSorted().doesNotContainNull();
        SimTask old = tasks(1).get(0);
        assertThat(old.lastStatus).isEqualTo("STOPPED");
        assertThat(List.of(old.startedAt, old.stoppingAt, old.stoppedAt)).isSorted();
        assertThat(old.containers.get(0).exitCode).isZero();
    }

    @Test
    void aSlowImageStartsTenTimesSlower() {
        Duration normal = new TaskLifecycleTest().rollout("repo/web:2");
        Duration slow = rollout("repo/web:2-slow");
        SimTask task = tasks(2).get(0);
        assertThat(Duration.between(task.createdAt, task.startedAt)).isEqualTo(Duration.ofSeconds(40));
        assertThat(slow).isGreaterThan(normal.plusSeconds(30));
    }

    @Test
    void anUnhealthyImageFailsItsHealthCheckAndIsReplacedUntilTheBreakerRollsBack() {
        rollout("repo/web:2-unhealthy");
        SimService service = sim.service("c", "web");
        assertThat(service.primary().taskDefinition.revision).as("rolled back to web:1").isEqualTo(1);
        List<SimTask> failed = tasks(2);
        assertThat(failed).isNotEmpty().allSatisfy(t -> {
            assertThat(t.healthy).isFalse();
            assertThat(t.healthStatus).isEqualTo("UNHEALTHY");
            assertThat(t.stoppedReason).isEqualTo("Task failed container health checks");
            assertThat(Duration.between(t.startedAt, t.stoppingAt)).isEqualTo(Duration.ofSeconds(30));
        });
        assertThat(service.events).anyMatch(e -> e.message().matches("\\(service web\\) \\(task [0-9a-f]{32}\\) failed container health checks\\."));
    }

    @Test
    void aDeclaredHealthCheckDecidesWhenATaskIsHealthy() {
        sim.cluster("c");
        ObjectNode input = EcsHarness.obj().put("family", "hc");
        ObjectNode container = input.putArray("containerDefinitions").addObject().put("name", "app").put("image", "repo/hc:1");
        container.putObject("healthCheck").put("interval", 15).put("retries", 2).putArray("command").add("CMD-SHELL").add("true");
        String td = sim.call("RegisterTaskDefinition", input).path("taskDefinition").path("taskDefinitionArn").asText();
        sim.createService("c", "hc", td, 1, 100, 200, false, false);
        sim.runUntil(() -> sim.primaryCompleted("c", "hc"), Duration.ofMinutes(5));
        SimTask task = sim.service("c", "hc").tasks.get(0);
        assertThat(Duration.between(task.startedAt, task.healthyAt)).isEqualTo(Duration.ofSeconds(15));
        assertThat(task.healthStatus).isEqualTo("HEALTHY");
        assertThat(task.containers.get(0).healthStatus).isEqualTo("HEALTHY");
    }

    @Test
    void tasksThatNeverStartMakeTheSchedulerBackOff() {
        sim.cluster("c");
        sim.createService("c", "web", sim.register("web", "repo/web:1-nopull"), 1, 100, 200, false, false);
        sim.advance(Duration.ofMinutes(3));
        SimService service = sim.service("c", "web");
        long launched = sim.region().clusters.get("c").tasks.size();
        assertThat(launched).as("without back-off a task fails every 3.5 s").isLessThan(15);
        assertThat(service.events).anyMatch(e -> e.message().startsWith("(service web) is unable to consistently start tasks successfully."));
        assertThat(service.primary().rolloutState).isEqualTo("IN_PROGRESS");
    }

    @Test
    void imageBehaviourComesFromTheTagSuffixOrAnOverride() {
        assertThat(ImageBehaviour.ofImage("repo/web:1.2.0-crash")).isEqualTo(ImageBehaviour.CRASH);
        assertThat(ImageBehaviour.ofImage("registry:5000/web:2-nopull")).isEqualTo(ImageBehaviour.NOPULL);
        assertThat(ImageBehaviour.ofImage("registry:5000/web-crash")).isEqualTo(ImageBehaviour.NORMAL);
        assertThat(ImageBehaviour.ofImage("repo/web@sha256:abc")).isEqualTo(ImageBehaviour.NORMAL);
        ImageFaults faults = new ImageFaults();
        faults.set("repo/web:7", ImageBehaviour.UNHEALTHY);
        assertThat(faults.behaviourOf("repo/web:7")).isEqualTo(ImageBehaviour.UNHEALTHY);
        assertThat(faults.behaviourOf("repo/web:8-slow")).isEqualTo(ImageBehaviour.SLOW);
    }
}
