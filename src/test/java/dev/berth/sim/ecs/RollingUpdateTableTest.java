package dev.berth.sim.ecs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rolling-update cases every ECS user meets, one table row each. */
class RollingUpdateTableTest {

    /** A service at steady state on web:1, then updated to web:2; records the peak and the trough. */
    private static final class Rollout {
        final EcsHarness sim = new EcsHarness();
        int maxActive;
        int minHealthyWhileOldHealthy = Integer.MAX_VALUE;
        boolean completed;

        Rollout(int desired, int min, int max) {
            sim.cluster("c");
            String first = sim.register("web", "repo/web:1");
            sim.createService("c", "web", first, desired, min, max, false, false);
            assertThat(sim.runUntil(() -> sim.primaryCompleted("c", "web"), Duration.ofMinutes(5))).isTrue();
            sim.world.addReaction(this::observe);
            sim.updateService("c", "web", sim.register("web", "repo/web:2"));
            completed = sim.runUntil(() -> sim.primaryCompleted("c", "web"), Duration.ofMinutes(10));
        }

        private void observe() {
            SimService service = sim.service("c", "web");
            int active = 0;
            int healthy = 0;
            boolean oldHealthy = false;
            for (SimTask task : service.tasks) {
                if (task.active()) {
                    active++;
                    healthy += task.healthy ? 1 : 0;
                    oldHealthy |= task.healthy && task.taskDefinition.revision == 1;
                }
            }
            maxActive = Math.max(maxActive, active);
            if (oldHealthy) {
                minHealthyWhileOldHealthy = Math.min(minHealthyWhileOldHealthy, healthy);
            }
        }

        List<SimTask> tasks(int revision) {
            return sim.region().clusters.get("c").tasks.values().stream()
                    .filter(t -> t.taskDefinition.revision == revision).toList();
        }
    }

    @Test
    void desiredOneAt100To200StartsTheNewTaskFirstThenStopsTheOld() {
        Rollout rollout = new Rollout(1, 100, 200);
        assertThat(rollout.completed).isTrue();
        SimTask old = rollout.tasks(1).get(0);
        SimTask fresh = rollout.tasks(2).get(0);
        assertThat(fresh.createdAt).isBefore(old.stoppingAt);
        assertThat(fresh.healthyAt).isBeforeOrEqualTo(old.stoppingAt);
        assertThat(rollout.maxActive).isEqualTo(2);
        assertThat(rollout.minHealthyWhileOldHealthy).isEqualTo(1);
    }

    @Test
    void desiredOneAt0To100StopsTheOldTaskFirst() {
        Rollout rollout = new Rollout(1, 0, 100);
        assertThat(rollout.completed).isTrue();
        SimTask old = rollout.tasks(1).get(0);
        SimTask fresh = rollout.tasks(2).get(0);
        assertThat(old.stoppingAt).isBeforeOrEqualTo(fresh.createdAt);
        assertThat(rollout.maxActive).isEqualTo(1);
    }

    @ParameterizedTest(name = "desired {0} at {1}/{2} is stuck")
    @CsvSource({"1, 100, 100", "2, 75, 100", "3, 100, 125"})
    void configurationsThatCanNeitherStartNorStopStayStuck(int desired, int min, int max) {
        Rollout rollout = new Rollout(desired, min, max);
        assertThat(rollout.completed).as("a stuck deployment never completes").isFalse();
        SimService service = rollout.sim.service("c", "web");
        assertThat(service.primary().rolloutState).isEqualTo("IN_PROGRESS");
        assertThat(rollout.tasks(2)).as("no new task could start").isEmpty();
        assertThat(rollout.tasks(1)).hasSize(desired).allMatch(SimTask::running);
        assertThat(service.events).anyMatch(e -> e.message().equals("(service web) was unable to stop or start tasks "
                + "during a deployment because of the service deployment configuration. Update the minimumHealthyPercent "
                + "or maximumPercent value and try again."));
    }

    @Test
    void desiredFourAt50To200StopsTwoOldTasksAtOnceAndStartsFour() {
        Rollout rollout = new Rollout(4, 50, 200);
        assertThat(rollout.completed).isTrue();
        assertThat(rollout.maxActive).isLessThanOrEqualTo(8);
        assertThat(rollout.minHealthyWhileOldHealthy).isEqualTo(2);
        assertThat(rollout.tasks(2)).hasSize(4);
    }
}
