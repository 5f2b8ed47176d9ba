package dev.berth.placement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cases ECS users meet, one at a time, and the expressions and strategies ECS refuses. */
class PlacementRulesTest {
    private static Host host(String id, int cpu, int memory, Set<Integer> ports, String zone, int group) {
        return new Host(id, cpu, memory, ports, Set.of(), Map.of(Host.AVAILABILITY_ZONE, zone, Host.INSTANCE_TYPE, "t3.medium"), group);
    }

    @Test
    void theClosestInstanceIsTheOneThatFailsTheFewestChecksAndSaysWhatItLacks() {
        List<Host> hosts = List.of(host("a", 100, 100, Set.of(), "z1", 0), host("b", 2048, 256, Set.of(), "z1", 0));
        Placement.Decision decision = Placement.place(new TaskDemand(256, 512, Set.of(), Set.of()), hosts, List.of(), List.of());
        assertThat(decision.placed()).isFalse();
        assertThat(decision.closestHostId()).isEqualTo("b");
        assertThat(decision.shortfall()).isEqualTo(Placement.Shortfall.MEMORY);
        assertThat(decision.shortfall().words).isEqualTo("has insufficient memory available.");
    }

    @Test
    void aStaticHostPortFitsOncePerInstance() {
        TaskDemand web = new TaskDemand(256, 512, Set.of(80), Set.of());
        List<Host> hosts = List.of(host("a", 2048, 3850, Set.of(22), "z1", 0), host("b", 2048, 3850, Set.of(22), "z2", 0));
        Placement.Batch batch = Placement.placeAll(web, hosts, 3, List.of(), List.of());
        assertThat(batch.placedOn()).containsExactlyInAnyOrder("a", "b");
        assertThat(batch.failure().shortfall()).isEqualTo(Placement.Shortfall.PORTS);
        TaskDemand dynamic = new TaskDemand(256, 512, Set.of(), Set.of());
        assertThat(Placement.placeAll(dynamic, hosts, 3, List.of(), List.of()).failure()).isNull();
    }

    @Test
    void spreadPrefersTheZoneWithFewerTasksOfTheService() {
        List<Host> hosts = List.of(host("a", 2048, 3850, Set.of(), "z1", 2), host("b", 2048, 3850, Set.of(), "z1", 0),
                host("c", 2048, 3850, Set.of(), "z2", 1));
        assertThat(Placement.place(new TaskDemand(1, 1, Set.of(), Set.of()), hosts, List.of(), List.of()).hostId()).isEqualTo("c");
    }

    @Test
    void memberOfKeepsTasksOnTheNamedInstanceType() {
        List<Host> hosts = List.of(host("a", 2048, 3850, Set.of(), "z1", 0));
        Placement.Decision decision = Placement.place(new TaskDemand(1, 1, Set.of(), Set.of()), hosts, List.of(),
                List.of(new PlacementConstraint("memberOf", "attribute:ecs.instance-type == m5.large")));
        assertThat(decision.placed()).isFalse();
        assertThat(decision.shortfall()).isEqualTo(Placement.Shortfall.CONSTRAINTS);
        assertThat(Placement.place(new TaskDemand(1, 1, Set.of(), Set.of()), List.of(), List.of(), List.of()).shortfall())
                .isEqualTo(Placement.Shortfall.NO_INSTANCES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "attribute:ecs.instance-type", "instance-type == t3.medium", "attribute:x ~= y",
            "attribute:x == a; attribute:y == b", "attribute:x in [a", "task:group == web"})
    void expressionsOutsideTheSupportedLanguageAreRefusedNamingThem(String expression) {
        assertThatThrownBy(() -> new PlacementConstraint("memberOf", expression))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memberOf expression");
    }

    @Test
    void unknownTypesAndFieldsAreRefused() {
        assertThatThrownBy(() -> new PlacementStrategy("pack", "memory")).hasMessageContaining("pack");
        assertThatThrownBy(() -> new PlacementStrategy("binpack", "disk")).hasMessageContaining("disk");
        assertThatThrownBy(() -> new PlacementStrategy("spread", " ")).hasMessageContaining("spread needs a field");
        assertThatThrownBy(() -> new PlacementConstraint("sameInstance", null)).hasMessageContaining("sameInstance");
        assertThatThrownBy(() -> new PlacementConstraint("distinctInstance", "attribute:a == b")).hasMessageContaining("no expression");
        assertThatThrownBy(() -> new TaskDemand(-1, 0, Set.of(), Set.of())).hasMessageContaining("-1");
    }
}
