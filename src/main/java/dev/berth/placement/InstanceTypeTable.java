package dev.berth.placement;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What an EC2 instance type offers ECS: 1024 CPU units per vCPU, and the memory the ECS agent
 * registers, a little less than the instance's because the operating system and the agent keep
 * about 6% of it. Real clusters report exact figures through DescribeContainerInstances.
 */
public final class InstanceTypeTable {
    /** CPU units and MiB an instance registers with ECS. */
    public record Capacity(int cpu, int memoryMiB) {
    }

    private static final Map<String, int[]> VCPU_AND_GIB = new TreeMap<>(Map.ofEntries(
            Map.entry("t3.micro", new int[] {2, 1}), Map.entry("t3.small", new int[] {2, 2}),
            Map.entry("t3.medium", new int[] {2, 4}), Map.entry("t3.large", new int[] {2, 8}),
            Map.entry("t3.xlarge", new int[] {4, 16}), Map.entry("t3.2xlarge", new int[] {8, 32}),
            Map.entry("m5.large", new int[] {2, 8}), Map.entry("m5.xlarge", new int[] {4, 16}),
            Map.entry("m5.2xlarge", new int[] {8, 32}), Map.entry("m6i.large", new int[] {2, 8}),
            Map.entry("m6i.xlarge", new int[] {4, 16}), Map.entry("c5.large", new int[] {2, 4}),
            Map.entry("c5.xlarge", new int[] {4, 8}), Map.entry("c5.2xlarge", new int[] {8, 16}),
            Map.entry("r5.large", new int[] {2, 16}), Map.entry("r5.xlarge", new int[] {4, 32})));

    private InstanceTypeTable() {
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
