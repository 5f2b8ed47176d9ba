package dev.berth.engine.capacity;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CPU units and memory an instance type offers ECS: 1024 units per vCPU, and the memory the ECS
 * agent registers, which is a little less than the instance's (about 6% goes to the operating
 * system and the agent). Exact figures come from DescribeContainerInstances on a real cluster.
 */
public final class InstanceTypes {
    public record Capacity(int cpu, int memoryMiB) {
    }

    private static final Map<String, int[]> VCPU_AND_GIB = new TreeMap<>(Map.ofEntries(
            Map.entry("t3.small", new int[] {2, 2}), Map.entry("t3.medium", new int[] {2, 4}),
            Map.entry("t3.large", new int[] {2, 8}), Map.entry("t3.xlarge", new int[] {4, 16}),
            Map.entry("t3.2xlarge", new int[] {8, 32}), Map.entry("m5.large", new int[] {2, 8}),
            Map.entry("m5.xlarge", new int[] {4, 16}), Map.entry("m5.2xlarge", new int[] {8, 32}),
            Map.entry("m6i.large", new int[] {2, 8}), Map.entry("m6i.xlarge", new int[] {4, 16}),
            Map.entry("c5.large", new int[] {2, 4}), Map.entry("c5.xlarge", new int[] {4, 8}),
            Map.entry("c5.2xlarge", new int[] {8, 16}), Map.entry("r5.large", new int[] {2, 16}),
            Map.entry("r5.xlarge", new int[] {4, 32})));

    private InstanceTypes() {
    }

    public static Optional<Capacity> of(String type) {
        int[] spec = VCPU_AND_GIB.get(type);
        if (spec == null) {
            return Optional.empty();
        }
        return Optional.of(new Capacity(spec[0] * 1024, (int) Math.floor(spec[1] * 1024 * 0.94)));
    }

    public static String known() {
        return String.join(", ", VCPU_AND_GIB.keySet());
    }
}
