package dev.berth.engine.capacity;

import dev.berth.engine.RefusedException;

/**
 * The cluster-scaling rule of thumb: scale out when reservation passes
 * (1 − largest container reservation / instance capacity) × 100 percent, so that the largest task
 * still fits on the instances already running. Computed for CPU and memory; the lower one binds.
 */
public record CapacityAdvice(int instanceCpu, int instanceMemoryMiB, int largestCpu, int largestMemoryMiB,
                             int cpuThreshold, int memoryThreshold) {

    public static CapacityAdvice of(int instanceCpu, int instanceMemoryMiB, int largestCpu, int largestMemoryMiB) {
        require("instance CPU units", instanceCpu);
        require("instance memory (MiB)", instanceMemoryMiB);
        if (largestCpu < 0 || largestMemoryMiB < 0 || largestCpu + largestMemoryMiB == 0) {
            throw new RefusedException("the largest reservation needs CPU units or memory, got cpu " + largestCpu
                    + " and memory " + largestMemoryMiB);
        }
        if (largestCpu > instanceCpu || largestMemoryMiB > instanceMemoryMiB) {
            throw new RefusedException("the largest task (cpu " + largestCpu + ", memory " + largestMemoryMiB
                    + " MiB) does not fit on one instance (cpu " + instanceCpu + ", memory " + instanceMemoryMiB + " MiB)");
        }
        return new CapacityAdvice(instanceCpu, instanceMemoryMiB, largestCpu, largestMemoryMiB,
                threshold(largestCpu, instanceCpu), threshold(largestMemoryMiB, instanceMemoryMiB));
    }

    /** (1 − largest / capacity) × 100, rounded down so that the largest task always fits. */
    private static int threshold(int largest, int capacity) {
        return (int) Math.floor((1.0 - (double) largest / capacity) * 100.0);
    }

    /** The threshold for the ScaleUpThreshold parameter: the lower of the two. */
    public int threshold() {
        return Math.min(cpuThreshold, memoryThreshold);
    }

    public String binding() {
        return cpuThreshold <= memoryThreshold ? "CPUReservation" : "MemoryReservation";
    }

    private static void require(String name, int value) {
        if (value <= 0) {
            throw new RefusedException(name + " must be positive, got " + value);
        }
    }
}
