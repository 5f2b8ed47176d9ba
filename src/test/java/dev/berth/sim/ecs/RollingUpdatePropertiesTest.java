package dev.berth.sim.ecs;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollout arithmetic over desired counts 0–50 and every percent pair ECS accepts: the
 * simulator never exceeds the upper bound, never drops below the lower bound while healthy old
 * tasks remain, and ends with the new task definition running the desired count exactly when ECS would.
 */
class RollingUpdatePropertiesTest {

    record Config(int desired, int min, int max) {
        /** Computed independently of the simulator: ceil for the lower bound, floor for the upper. */
        int lower() {
            return BigDecimal.valueOf(desired).multiply(BigDecimal.valueOf(min))
                    .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING).intValueExact();
        }

        int upper() {
            return BigDecimal.valueOf(desired).multiply(BigDecimal.valueOf(max))
                    .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR).intValueExact();
        }

        /** ECS can make a first move when it may start one more task or stop one old one. */
        boolean ecsWouldProgress() {
            return desired == 0 || upper() > desired || desired - 1 >= lower();
        }
    }

    @Provide
    Arbitrary<Config> configs() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 50),
                Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(100, 400)).as(Config::new);
    }

    @Property(tries = 250)
    void rollingUpdateRespectsTheBoundsAndFinishesWhenEcsWould(@ForAll("configs") Config config) {
        EcsHarness sim = new EcsHarness();
        sim.cluster("c");
        sim.createService("c", "svc", sim.register("app", "repo/app:1"), config.desired(), config.min(), config.max(),
                false, false);
        assertThat(sim.runUntil(() -> sim.primaryCompleted("c", "svc"), Duration.ofMinutes(5))).isTrue();

        int[] peak = {0};
        String[] violation = {null};
        sim.world.addReaction(() -> {
            int active = 0;
            int healthy = 0;
            boolean oldHealthy = false;
            for (SimTask task : sim.service("c", "svc").tasks) {
                if (task.active()) {
                    active++;
                    healthy += task.healthy ? 1 : 0;
                    oldHealthy |= task.healthy && task.taskDefinition.revision == 1;
                }
            }
            peak[0] = Math.max(peak[0], active);
            if (violation[0] == null && active > config.upper()) {
                violation[0] = active + " tasks running or pending at " + sim.now() + ", above " + config.upper();
            }
            if (violation[0] == null && oldHealthy && healthy < config.lower()) {
                violation[0] = healthy + " healthy tasks at " + sim.now() + ", below " + config.lower();
            }
        });
        String next = sim.register("app", "repo/app:2");
        sim.updateService("c", "svc", next);
        boolean completed = sim.runUntil(() -> sim.primaryCompleted("c", "svc"), Duration.ofHours(2));

        Statistics.label("rollout").collect(completed ? "completes" : "stuck, as on ECS");
        assertThat(violation[0]).as("bounds for %s", config).isNull();
        assertThat(completed).as("completes when ECS would, for %s", config).isEqualTo(config.ecsWouldProgress());
        SimService service = sim.service("c", "svc");
        if (completed) {
            assertThat(service.primary().taskDefinition.arn).isEqualTo(next);
            assertThat(service.deployments).hasSize(1);
            assertThat(service.tasks).hasSize(config.desired())
                    .allMatch(t -> t.running() && t.healthy && t.taskDefinition.arn.equals(next));
        } else {
            assertThat(service.tasks).as("a stuck rollout keeps every old task").hasSize(config.desired())
                    .allMatch(t -> t.running() && t.taskDefinition.revision == 1);
        }
    }
}
