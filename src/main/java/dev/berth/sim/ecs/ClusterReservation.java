package dev.berth.sim.ecs;

import java.util.Collection;

/**
 * A cluster's CPUReservation and MemoryReservation as ECS publishes them to CloudWatch: the CPU
 * units and memory the tasks on its registered instances reserve, over what those instances
 * registered, in percent. Empty when no instance is registered (ECS then publishes nothing).
 */
public record ClusterReservation(double cpuPercent, double memoryPercent) {

    static java.util.Optional<ClusterReservation> of(Collection<SimContainerInstance> instances) {
        long registeredCpu = 0;
        long registeredMemory = 0;
        long reservedCpu = 0;
        long reservedMemory = 0;
        for (SimContainerInstance instance : instances) {
            registeredCpu += instance.cpu;
            registeredMemory += instance.memory;
            reservedCpu += instance.cpu - instance.remainingCpu();
            reservedMemory += instance.memory - instance.remainingMemory();
        }
        if (registeredCpu == 0 || registeredMemory == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ClusterReservation(100.0 * reservedCpu / registeredCpu, 100.0 * reservedMemory / registeredMemory));
    }
}
