package dev.berth.engine.capacity;

import dev.berth.engine.rollout.RolloutBounds;
import dev.berth.placement.Host;
import dev.berth.placement.TaskDemand;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The room a rollout needs, played on the instances as ECS's scheduler would take it. */
class RoomPlannerTest {
    private static final Set<Integer> AGENT = Set.of(22, 2375, 2376, 51678, 51679);

    /** {@code n} t3.medium-like instances (2048 units, 3850 MiB), each running {@code perHost} tasks of {@code demand}. */
    private static RoomPlanner.Cluster cluster(int n, int cpu, int memory, TaskDemand demand, int perHost) {
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Set<Integer> ports = new java.util.HashSet<>(AGENT);
            if (perHost > 0) {
                ports.addAll(demand.tcpPorts());
            }
            hosts.add(new Host("ci-" + i, cpu - perHost * demand.cpu(), memory - perHost * demand.memory(), ports, Set.of(),
                    Map.of(Host.AVAILABILITY_ZONE, "us-east-1" + (char) ('a' + i % 2)), perHost));
        }
        Host template = new Host("template", cpu, memory, AGENT, Set.of(), Map.of(Host.AVAILABILITY_ZONE, "us-east-1a"), 0);
        return new RoomPlanner.Cluster(hosts, demand, List.of(), List.of(), template);
    }

    private static TaskDemand task(int cpu, int memory, Integer... ports) {
        return new TaskDemand(cpu, memory, Set.of(ports), Set.of());
    }

    @Test
    void fourTasksAt200And100OnAClusterWithRoomGoInOneStep() {
        RoomCheck room = RoomPlanner.check(new RolloutBounds(4, 100, 200), cluster(2, 2048, 3850, task(256, 512), 2));
        assertThat(room.checked()).isTrue();
        assertThat(room.fits()).isTrue();
        assertThat(room.slow()).isFalse();
        assertThat(room.waves()).isEqualTo(1);
        assertThat(room.tasksAtOnce()).isEqualTo(4);
        assertThat(room.tasksThatFitNow()).isEqualTo(4);
    }

    @Test
    void aFullClusterAt100PercentCanNeverStartAndSaysHowManyInstancesToAdd() {
        RoomCheck room = RoomPlanner.check(new RolloutBounds(4, 100, 200), cluster(2, 2048, 3850, task(256, 1900), 2));
        assertThat(room.fits()).isFalse();
        assertThat(room.tasksAtOnce()).isZero();
        assertThat(room.instancesToAdd()).isEqualTo(1);
        assertThat(room.minimumHealthyPercentThatFits()).isEqualTo(75);
        assertThat(room.shortfall()).endsWith("has insufficient memory available.");
        assertThat(room.remedy()).isEqualTo("add 1 container instance like the cluster's (2 to roll out in 1 step), "
                + "or lower MinimumHealthyPercent to 75");
    }

    @Test
    void aStaticHostPortOnNInstancesWithDesiredNCannotSurge() {
        RoomCheck room = RoomPlanner.check(new RolloutBounds(2, 100, 200), cluster(2, 2048, 3850, task(256, 512, 80), 1));
        assertThat(room.fits()).isFalse();
        assertThat(room.shortfall()).endsWith("is already using a port required by your task.");
        assertThat(room.instancesToAdd()).isEqualTo(1);
        assertThat(room.minimumHealthyPercentThatFits()).isEqualTo(50);
        // twice the instances take the whole surge at once
        RoomCheck doubled = RoomPlanner.check(new RolloutBounds(2, 100, 200), withEmpty(cluster(2, 2048, 3850, task(256, 512, 80), 1), 2));
        assertThat(doubled.fits()).isTrue();
        assertThat(doubled.waves()).isEqualTo(1);
    }

    @Test
    void roomForHalfTheSurgeMakesTheRolloutSlowAndSaysHowToSpeedItUp() {
        RoomCheck room = RoomPlanner.check(new RolloutBounds(4, 100, 200), cluster(2, 2048, 3000, task(256, 1000), 2));
        assertThat(room.fits()).isTrue();
        assertThat(room.slow()).isTrue();
        assertThat(room.waves()).isEqualTo(2);
        assertThat(room.tasksAtOnce()).isEqualTo(2);
        assertThat(room.remedy()).startsWith("add ").endsWith("instance(s) to roll out in 1 step(s)");
    }

    @Test
    void aTaskLargerThanAnyInstanceCannotBeHelpedByMoreInstances() {
        RoomCheck room = RoomPlanner.check(new RolloutBounds(1, 0, 100), cluster(2, 2048, 3850, task(4096, 512), 0));
        assertThat(room.fits()).isFalse();
        assertThat(room.instancesToAdd()).isZero();
        assertThat(room.remedy()).contains("larger instance type");
    }

    private static RoomPlanner.Cluster withEmpty(RoomPlanner.Cluster cluster, int extra) {
        List<Host> hosts = new ArrayList<>(cluster.hosts());
        for (int i = 0; i < extra; i++) {
            hosts.add(new Host("extra-" + i, 2048, 3850, AGENT, Set.of(), Map.of(Host.AVAILABILITY_ZONE, "us-east-1c"), 0));
        }
        return new RoomPlanner.Cluster(hosts, cluster.demand(), cluster.strategies(), cluster.constraints(), cluster.template());
    }
}
