package dev.berth.engine.capacity;

import java.util.List;

/**
 * A cluster's CPU and memory reservation in percent, as ECS publishes CPUReservation and
 * MemoryReservation: what the tasks on the registered instances reserve, over what those instances
 * registered. Only placed tasks count, so a task that fits nowhere never raises it.
 */
public record Reservation(double cpuPercent, double memoryPercent) {

    /** One service's first step: tasks placed and old tasks stopped at once, each reserving cpu and memory. */
    public record Wave(int cpu, int memoryMiB, int placed, int stopped) {
    }

    /**
     * The reservation once the first step of every service of the update has been taken. Each
     * service's step is the one it would take alone; what several of them would place together is
     * bounded by what the instances registered.
     */
    public static Reservation afterFirstWave(long registeredCpu, long registeredMemoryMiB, long reservedCpu,
                                             long reservedMemoryMiB, List<Wave> waves) {
        if (registeredCpu <= 0 || registeredMemoryMiB <= 0) {
            return new Reservation(0, 0);
        }
        long cpu = reservedCpu;
        long memory = reservedMemoryMiB;
        for (Wave wave : waves) {
            cpu += (long) (wave.placed() - wave.stopped()) * wave.cpu();
            memory += (long) (wave.placed() - wave.stopped()) * wave.memoryMiB();
        }
        return new Reservation(percent(cpu, registeredCpu), percent(memory, registeredMemoryMiB));
    }

    private static double percent(long reserved, long registered) {
        return 100.0 * Math.max(0, Math.min(reserved, registered)) / registered;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "CPU %.1f %%, memory %.1f %%", cpuPercent, memoryPercent);
    }
}
