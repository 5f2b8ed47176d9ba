package dev.berth.placement;

import java.util.Map;
import java.util.Set;

/**
 * A container instance as placement sees it: what remains of its CPU units and memory, the host
 * ports taken, its attributes (ecs.instance-type, ecs.availability-zone, ...), and how many tasks
 * of the group being placed (the service) it already runs.
 */
public record Host(String id, int remainingCpu, int remainingMemory, Set<Integer> usedTcpPorts, Set<Integer> usedUdpPorts,
                   Map<String, String> attributes, int groupTasks) {
    public static final String AVAILABILITY_ZONE = "ecs.availability-zone";
    public static final String INSTANCE_TYPE = "ecs.instance-type";

    public Host {
        usedTcpPorts = Set.copyOf(usedTcpPorts);
        usedUdpPorts = Set.copyOf(usedUdpPorts);
        attributes = Map.copyOf(attributes);
    }

    /** The value a placement field names: instanceId/host, cpu, memory, or attribute:NAME. */
    String field(String field) {
        if (field == null || field.equals("instanceId") || field.equals("host")) {
            return id;
        }
        return attributes.get(field.startsWith("attribute:") ? field.substring("attribute:".length()) : field);
    }

    /** This host after a task of {@code demand} was placed on it. */
    Host with(TaskDemand demand) {
        Set<Integer> tcp = new java.util.HashSet<>(usedTcpPorts);
        tcp.addAll(demand.tcpPorts());
        Set<Integer> udp = new java.util.HashSet<>(usedUdpPorts);
        udp.addAll(demand.udpPorts());
        return new Host(id, remainingCpu - demand.cpu(), remainingMemory - demand.memory(), tcp, udp, attributes, groupTasks + 1);
    }
}
