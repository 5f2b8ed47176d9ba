package dev.berth.engine.capacity;

import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;

import java.util.List;

/**
 * Reads what {@link GrowthForecast} needs for a cluster, with read calls only: the growth its stack
 * declares and the reservation of its registered instances now.
 */
public final class GrowthCheck {
    private final CloudFormationClient cfn;
    private final EcsClient ecs;

    public GrowthCheck(CloudFormationClient cfn, EcsClient ecs) {
        this.cfn = cfn;
        this.ecs = ecs;
    }

    /** Whether the group grows by itself once {@code waves} (every service of the update on the cluster) are placed. */
    public GrowthForecast forecast(String cluster, RoomCheck room, List<Reservation.Wave> waves) {
        long registeredCpu = 0;
        long registeredMemory = 0;
        long reservedCpu = 0;
        long reservedMemory = 0;
        for (ContainerInstance instance : new ClusterRoomReader(ecs).instances(cluster)) {
            int cpu = ClusterRoomReader.integer(instance.registeredResources(), "CPU");
            int memory = ClusterRoomReader.integer(instance.registeredResources(), "MEMORY");
            registeredCpu += cpu;
            registeredMemory += memory;
            reservedCpu += cpu - ClusterRoomReader.integer(instance.remainingResources(), "CPU");
            reservedMemory += memory - ClusterRoomReader.integer(instance.remainingResources(), "MEMORY");
        }
        Reservation after = Reservation.afterFirstWave(registeredCpu, registeredMemory, reservedCpu, reservedMemory, waves);
        return GrowthForecast.judge(new ClusterGrowthReader(cfn).read(cluster), after, room.instances(), room.instancesToAdd());
    }
}
