package dev.berth.placement;

import java.util.Set;

/** What one task reserves on a container instance: CPU units, MiB of memory, and static host ports. */
public record TaskDemand(int cpu, int memory, Set<Integer> tcpPorts, Set<Integer> udpPorts) {
    public TaskDemand {
        if (cpu < 0 || memory < 0) {
            throw new IllegalArgumentException("a task reserves no negative resources, got cpu " + cpu + " and memory " + memory);
        }
        tcpPorts = Set.copyOf(tcpPorts);
        udpPorts = Set.copyOf(udpPorts);
    }

    public boolean hasStaticPorts() {
        return !tcpPorts.isEmpty() || !udpPorts.isEmpty();
    }
}
