package dev.berth.engine.capacity;

import dev.berth.placement.InstanceTypeTable;

import java.util.Optional;

/** CPU units and memory an instance type offers ECS, from the table the simulator registers instances with. */
public final class InstanceTypes {
    public record Capacity(int cpu, int memoryMiB) {
    }

    private InstanceTypes() {
    }

    public static Optional<Capacity> of(String type) {
        return InstanceTypeTable.of(type).map(c -> new Capacity(c.cpu(), c.memoryMiB()));
    }

    public static String known() {
        return InstanceTypeTable.known();
    }
}
