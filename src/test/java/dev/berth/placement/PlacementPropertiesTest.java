package dev.berth.placement;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** ECS placement over random clusters: sound (what is chosen fits), complete (a refusal means nothing fits), balanced. */
class PlacementPropertiesTest {
    private static final List<PlacementStrategy> NONE = List.of();

    @Property(tries = 300)
    void aChosenInstanceHasTheRoomAndPortsAndSatisfiesTheConstraints(@ForAll("clusters") List<Host> hosts,
                                                                    @ForAll("demands") TaskDemand demand,
                                                                    @ForAll("constraintSets") List<PlacementConstraint> constraints,
                                                                    @ForAll("strategySets") List<PlacementStrategy> strategies) {
        Placement.Decision decision = Placement.place(demand, hosts, strategies, constraints);
        boolean anyFits = hosts.stream().anyMatch(h -> fits(demand, h, constraints));
        assertThat(decision.placed()).isEqualTo(anyFits);
        if (decision.placed()) {
            Host chosen = hosts.stream().filter(h -> h.id().equals(decision.hostId())).findFirst().orElseThrow();
            assertThat(fits(demand, chosen, constraints)).isTrue();
        } else if (!hosts.isEmpty()) {
            Host closest = hosts.stream().filter(h -> h.id().equals(decision.closestHostId())).findFirst().orElseThrow();
            assertThat(Placement.shortfalls(demand, closest, constraints)).contains(decision.shortfall());
        }
    }

    @Property(tries = 200)
    void placingManyNeverOvercommitsAnInstanceNorSharesAStaticPort(@ForAll("clusters") List<Host> hosts,
                                                                  @ForAll("demands") TaskDemand demand,
                                                                  @ForAll @IntRange(min = 1, max = 12) int count,
                                                                  @ForAll("strategySets") List<PlacementStrategy> strategies) {
        Placement.Batch batch = Placement.placeAll(demand, hosts, count, strategies, List.of());
        Map<String, Integer> perHost = new HashMap<>();
        batch.placedOn().forEach(id -> perHost.merge(id, 1, Integer::sum));
        for (Host host : hosts) {
            int n = perHost.getOrDefault(host.id(), 0);
            assertThat(n * demand.cpu()).isLessThanOrEqualTo(Math.max(0, host.remainingCpu()));
            assertThat(n * demand.memory()).isLessThanOrEqualTo(Math.max(0, host.remainingMemory()));
            if (demand.hasStaticPorts()) {
                assertThat(n).isLessThanOrEqualTo(1);
            }
        }
        assertThat(batch.placedOn().size() == count).isEqualTo(batch.failure() == null);
    }

    @Property(tries = 200)
    void distinctInstancePutsNoTwoTasksOfTheGroupTogether(@ForAll("clusters") List<Host> hosts,
                                                        @ForAll @IntRange(min = 1, max = 10) int count) {
        List<Host> empty = hosts.stream().map(h -> new Host(h.id(), h.remainingCpu(), h.remainingMemory(), h.usedTcpPorts(),
                h.usedUdpPorts(), h.attributes(), 0)).toList();
        Placement.Batch batch = Placement.placeAll(new TaskDemand(0, 0, Set.of(), Set.of()), empty, count, NONE,
                List.of(new PlacementConstraint("distinctInstance", null)));
        assertThat(Set.copyOf(batch.placedOn())).hasSameSizeAs(batch.placedOn());
        assertThat(batch.placedOn()).hasSize(Math.min(count, hosts.size()));
    }

    @Property(tries = 200)
    void theDefaultSpreadsEvenlyOverZonesAndInstancesWithRoom(@ForAll @IntRange(min = 1, max = 3) int zones,
                                                            @ForAll @IntRange(min = 1, max = 3) int perZone,
                                                            @ForAll @IntRange(min = 1, max = 20) int count) {
        List<Host> hosts = new ArrayList<>();
        for (int z = 0; z < zones; z++) {
            for (int i = 0; i < perZone; i++) {
                hosts.add(new Host("ci-" + z + "-" + i, 100_000, 100_000, Set.of(), Set.of(),
                        Map.of(Host.AVAILABILITY_ZONE, "zone-" + z), 0));
            }
        }
        Placement.Batch batch = Placement.placeAll(new TaskDemand(256, 512, Set.of(), Set.of()), hosts, count, NONE, List.of());
        Map<String, Integer> perHost = new HashMap<>();
        hosts.forEach(h -> perHost.put(h.id(), 0));
        batch.placedOn().forEach(id -> perHost.merge(id, 1, Integer::sum));
        int most = perHost.values().stream().max(Integer::compare).orElseThrow();
        int least = perHost.values().stream().min(Integer::compare).orElseThrow();
        assertThat(most - least).isLessThanOrEqualTo(1);
    }

    @Property(tries = 200)
    void binpackOnMemoryChoosesTheFullestInstanceThatStillFits(@ForAll("clusters") List<Host> hosts,
                                                               @ForAll("demands") TaskDemand demand) {
        Placement.Decision decision = Placement.place(demand, hosts, List.of(new PlacementStrategy("binpack", "memory")), List.of());
        if (decision.placed()) {
            int chosen = hosts.stream().filter(h -> h.id().equals(decision.hostId())).findFirst().orElseThrow().remainingMemory();
            assertThat(hosts.stream().filter(h -> fits(demand, h, List.of())).mapToInt(Host::remainingMemory).min().orElseThrow())
                    .isEqualTo(chosen);
        }
    }

    private static boolean fits(TaskDemand demand, Host host, List<PlacementConstraint> constraints) {
        boolean portsFree = demand.tcpPorts().stream().noneMatch(host.usedTcpPorts()::contains)
                && demand.udpPorts().stream().noneMatch(host.usedUdpPorts()::contains);
        return demand.cpu() <= host.remainingCpu() && demand.memory() <= host.remainingMemory() && portsFree
                && constraints.stream().allMatch(c -> c.admits(host));
    }

    @Provide
    Arbitrary<List<Host>> clusters() {
        Arbitrary<Host> host = Combinators.combine(
                Arbitraries.integers().between(0, 4096), Arbitraries.integers().between(0, 8192),
                Arbitraries.of(Set.<Integer>of(), Set.of(80), Set.of(80, 443), Set.of(8080)),
                Arbitraries.of("us-east-1a", "us-east-1b", "us-east-1c"), Arbitraries.of("t3.medium", "m5.large"),
                Arbitraries.integers().between(0, 3)).as((cpu, memory, ports, zone, type, group) ->
                new Host("ci", cpu, memory, ports, Set.of(), Map.of(Host.AVAILABILITY_ZONE, zone, Host.INSTANCE_TYPE, type), group));
        return host.list().ofMaxSize(8).map(list -> {
            List<Host> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Host h = list.get(i);
                named.add(new Host(String.format("ci-%02d", i), h.remainingCpu(), h.remainingMemory(), h.usedTcpPorts(),
                        h.usedUdpPorts(), h.attributes(), h.groupTasks()));
            }
            return named;
        });
    }

    @Provide
    Arbitrary<TaskDemand> demands() {
        return Combinators.combine(Arbitraries.integers().between(0, 2048), Arbitraries.integers().between(0, 4096),
                Arbitraries.of(Set.<Integer>of(), Set.of(80), Set.of(8080)))
                .as((cpu, memory, ports) -> new TaskDemand(cpu, memory, ports, Set.of()));
    }

    @Provide
    Arbitrary<List<PlacementConstraint>> constraintSets() {
        return Arbitraries.of(List.of(), List.of(new PlacementConstraint("distinctInstance", null)),
                List.of(new PlacementConstraint("memberOf", "attribute:ecs.instance-type == t3.medium")),
                List.of(new PlacementConstraint("memberOf", "attribute:ecs.availability-zone in [us-east-1a, us-east-1c]"),
                        new PlacementConstraint("distinctInstance", "")),
                List.of(new PlacementConstraint("memberOf", "attribute:ecs.instance-type =~ m5.*")));
    }

    @Provide
    Arbitrary<List<PlacementStrategy>> strategySets() {
        return Arbitraries.of(List.of(), List.of(new PlacementStrategy("binpack", "cpu")),
                List.of(new PlacementStrategy("spread", "instanceId")),
                List.of(new PlacementStrategy("spread", "attribute:ecs.availability-zone"), new PlacementStrategy("binpack", "memory")),
                List.of(new PlacementStrategy("random", null)));
    }
}
