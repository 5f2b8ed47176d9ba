package dev.berth.engine.capacity;

import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.rollout.RolloutConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code berth capacity --cluster C}: each registered instance's resources, the services' task
 * reservations, the scale-up threshold by the rule of thumb for the largest one, and whether the
 * cluster can take the surge of its largest service now. Read calls only.
 */
public final class ClusterCapacity {
    /** One instance: registered and remaining CPU units and MiB, and its tasks. */
    public record Instance(String containerInstanceArn, String ec2InstanceId, String instanceType, String availabilityZone,
                           String status, int registeredCpu, int registeredMemoryMiB, int remainingCpu, int remainingMemoryMiB,
                           int runningTasks, int pendingTasks) {
    }

    /** One service: its desired count, the reservation of one task, and its rollout's room. */
    public record ServiceRoom(String service, int desired, int taskCpu, int taskMemoryMiB, RoomCheck capacity) {
    }

    public record Report(String cluster, List<Instance> instances, List<ServiceRoom> services, CapacityAdvice advice,
                         String largestService, boolean absorbsLargestSurge, String verdict) {
    }

    private final EcsClient ecs;

    public ClusterCapacity(EcsClient ecs) {
        this.ecs = ecs;
    }

    public Report read(String cluster) {
        ClusterRoomReader reader = new ClusterRoomReader(ecs);
        requireCluster(cluster);
        List<Instance> instances = new ArrayList<>();
        for (ContainerInstance ci : reader.instances(cluster)) {
            instances.add(instance(ci));
        }
        List<ServiceRoom> services = new ArrayList<>();
        for (Service service : services(cluster)) {
            var bounds = RolloutConfiguration.of(service).bounds();
            Optional<RoomPlanner.Cluster> room = reader.read(cluster, service, service.taskDefinition());
            RoomCheck check = room.map(r -> RoomPlanner.check(bounds, r))
                    .orElseGet(() -> RoomCheck.notChecked("its tasks need no container instance here"));
            int cpu = room.map(r -> r.demand().cpu()).orElse(0);
            int memory = room.map(r -> r.demand().memory()).orElse(0);
            services.add(new ServiceRoom(service.serviceName(), bounds.desired(), cpu, memory, check));
        }
        ServiceRoom largest = services.stream().filter(s -> s.capacity().checked())
                .max(java.util.Comparator.comparingInt(s -> s.desired() * Math.max(s.taskMemoryMiB(), 1))).orElse(null);
        CapacityAdvice advice = null;
        if (!instances.isEmpty()) {
            int maxCpu = services.stream().mapToInt(ServiceRoom::taskCpu).max().orElse(0);
            int maxMemory = services.stream().mapToInt(ServiceRoom::taskMemoryMiB).max().orElse(0);
            Instance first = instances.get(0);
            if (maxCpu + maxMemory > 0 && maxCpu <= first.registeredCpu() && maxMemory <= first.registeredMemoryMiB()) {
                advice = CapacityAdvice.of(first.registeredCpu(), first.registeredMemoryMiB(), maxCpu, maxMemory);
            }
        }
        boolean absorbs = largest == null || largest.capacity().fits() && !largest.capacity().slow();
        String verdict = largest == null ? "no service of the cluster places tasks on its instances"
                : "largest service " + largest.service() + ": " + largest.capacity().reason()
                + (largest.capacity().remedy() == null ? "" : "; " + largest.capacity().remedy());
        return new Report(cluster, instances, services, advice, largest == null ? null : largest.service(), absorbs, verdict);
    }

    private void requireCluster(String cluster) {
        try {
            var found = ecs.describeClusters(r -> r.clusters(cluster)).clusters();
            if (found.isEmpty() || !"ACTIVE".equals(found.get(0).status())) {
                throw new RefusedException("cluster " + cluster + " was not found");
            }
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to describe cluster " + cluster, e);
        }
    }

    private List<Service> services(String cluster) {
        try {
            List<String> arns = new ArrayList<>();
            ecs.listServicesPaginator(r -> r.cluster(cluster)).forEach(p -> arns.addAll(p.serviceArns()));
            List<Service> services = new ArrayList<>();
            for (int i = 0; i < arns.size(); i += 10) {
                List<String> chunk = arns.subList(i, Math.min(arns.size(), i + 10));
                services.addAll(ecs.describeServices(r -> r.cluster(cluster).services(chunk)).services());
            }
            return services;
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to read the services of cluster " + cluster, e);
        }
    }

    private static Instance instance(ContainerInstance ci) {
        String type = null;
        String zone = null;
        for (var attribute : ci.attributes()) {
            if ("ecs.instance-type".equals(attribute.name())) {
                type = attribute.value();
            } else if ("ecs.availability-zone".equals(attribute.name())) {
                zone = attribute.value();
            }
        }
        return new Instance(ci.containerInstanceArn(), ci.ec2InstanceId(), type, zone, ci.status(),
                ClusterRoomReader.integer(ci.registeredResources(), "CPU"), ClusterRoomReader.integer(ci.registeredResources(), "MEMORY"),
                ClusterRoomReader.integer(ci.remainingResources(), "CPU"), ClusterRoomReader.integer(ci.remainingResources(), "MEMORY"),
                ci.runningTasksCount() == null ? 0 : ci.runningTasksCount(), ci.pendingTasksCount() == null ? 0 : ci.pendingTasksCount());
    }
}
