package dev.berth.sim.ecs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An EC2 instance registered with a cluster: what it registered (CPU units, MiB, reserved ports),
 * its status (ACTIVE, DRAINING, INACTIVE once deregistered) and its attributes. What remains is
 * computed from the tasks on it that have not stopped, as ECS frees resources at STOPPED.
 */
final class SimContainerInstance {
    /** Ports the ECS agent and Docker reserve on every instance (ECS_RESERVED_PORTS). */
    static final Set<Integer> AGENT_PORTS = Set.of(22, 2375, 2376, 51678, 51679);

    final String id;
    final String arn;
    final SimCluster cluster;
    final String ec2InstanceId;
    final String instanceType;
    final String availabilityZone;
    final int cpu;
    final int memory;
    final Set<Integer> reservedTcp;
    final Set<Integer> reservedUdp;
    final Instant registeredAt;
    final Map<String, String> attributes = new LinkedHashMap<>();
    String status = "ACTIVE";
    String statusReason;
    int version = 1;

    SimContainerInstance(String id, String arn, SimCluster cluster, String ec2InstanceId, String instanceType,
                         String availabilityZone, int cpu, int memory, Set<Integer> reservedTcp, Set<Integer> reservedUdp,
                         Instant registeredAt) {
        this.id = id;
        this.arn = arn;
        this.cluster = cluster;
        this.ec2InstanceId = ec2InstanceId;
        this.instanceType = instanceType;
        this.availabilityZone = availabilityZone;
        this.cpu = cpu;
        this.memory = memory;
        this.reservedTcp = new TreeSet<>(reservedTcp);
        this.reservedUdp = new TreeSet<>(reservedUdp);
        this.registeredAt = registeredAt;
    }

    /** Tasks placed here that still hold resources (not yet STOPPED). */
    List<SimTask> tasks() {
        return cluster.tasks.values().stream().filter(t -> this == t.containerInstance && !t.stopped()).toList();
    }

    int remainingCpu() {
        return cpu - tasks().stream().mapToInt(t -> t.demand.cpu()).sum();
    }

    int remainingMemory() {
        return memory - tasks().stream().mapToInt(t -> t.demand.memory()).sum();
    }

    Set<Integer> usedTcp() {
        Set<Integer> used = new TreeSet<>(reservedTcp);
        tasks().forEach(t -> used.addAll(t.demand.tcpPorts()));
        return used;
    }

    Set<Integer> usedUdp() {
        Set<Integer> used = new TreeSet<>(reservedUdp);
        tasks().forEach(t -> used.addAll(t.demand.udpPorts()));
        return used;
    }

    boolean active() {
        return "ACTIVE".equals(status);
    }
}
