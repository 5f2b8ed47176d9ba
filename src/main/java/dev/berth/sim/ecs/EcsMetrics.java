package dev.berth.sim.ecs;

import dev.berth.sim.cloudwatch.MetricSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The metrics a service's tasks produce: the service's CPUUtilization and MemoryUtilization
 * (AWS/ECS), and the 5xx answers its targets give through the load balancer
 * (HTTPCode_Target_5XX_Count, AWS/ApplicationELB). Tasks of an {@code -alarm} image answer
 * {@link #ERRORS_PER_SAMPLE} errors a sample and run hot once they have served traffic for
 * {@link #ERRORS_AFTER}. Each cluster with registered instances also publishes its CPUReservation
 * and MemoryReservation (dimension ClusterName only), which Auto Scaling policies scale on.
 */
final class EcsMetrics implements MetricSource {
    static final Duration ERRORS_AFTER = Duration.ofSeconds(30);
    static final int ERRORS_PER_SAMPLE = 5;
    private static final double CPU_NORMAL = 20;
    private static final double CPU_FAILING = 95;
    private static final double MEMORY = 30;

    private final Iterable<EcsRegion> regions;
    private final LoadBalancing loadBalancing;

    EcsMetrics(Iterable<EcsRegion> regions, LoadBalancing loadBalancing) {
        this.regions = regions;
        this.loadBalancing = loadBalancing;
    }

    /** Whether the task answers with errors now: an {@code -alarm} image that has been healthy a while. */
    static boolean failing(SimTask task, Instant at) {
        return task.profile.behaviour() == ImageBehaviour.ALARM && task.running() && task.healthyAt != null
                && !at.isBefore(task.healthyAt.plus(ERRORS_AFTER));
    }

    @Override
    public List<Sample> sample(Instant at) {
        List<Sample> samples = new ArrayList<>();
        for (EcsRegion region : regions) {
            for (SimCluster cluster : region.clusters.values()) {
                sampleCluster(region, cluster, samples);
            }
            for (SimService service : region.services()) {
                sampleService(region, service, at, samples);
            }
        }
        return samples;
    }

    private void sampleCluster(EcsRegion region, SimCluster cluster, List<Sample> samples) {
        if (!cluster.active()) {
            return;
        }
        ClusterReservation.of(cluster.containerInstances.values()).ifPresent(reservation -> {
            Map<String, String> dimensions = Map.of("ClusterName", cluster.name);
            samples.add(new Sample(region.name, "AWS/ECS", "CPUReservation", dimensions, reservation.cpuPercent(), "Percent"));
            samples.add(new Sample(region.name, "AWS/ECS", "MemoryReservation", dimensions, reservation.memoryPercent(),
                    "Percent"));
        });
    }

    private void sampleService(EcsRegion region, SimService service, Instant at, List<Sample> samples) {
        List<SimTask> running = service.tasks.stream().filter(SimTask::running).toList();
        if (running.isEmpty()) {
            return;
        }
        long failing = running.stream().filter(t -> failing(t, at)).count();
        double cpu = (CPU_NORMAL * (running.size() - failing) + CPU_FAILING * failing) / running.size();
        Map<String, String> dimensions = Map.of("ClusterName", service.cluster.name, "ServiceName", service.name);
        samples.add(new Sample(region.name, "AWS/ECS", "CPUUtilization", dimensions, cpu, "Percent"));
        samples.add(new Sample(region.name, "AWS/ECS", "MemoryUtilization", dimensions, MEMORY, "Percent"));
        if (service.loadBalancers == null) {
            return;
        }
        for (var lb : service.loadBalancers) {
            String targetGroup = lb.path("targetGroupArn").asText(null);
            if (targetGroup == null) {
                continue;
            }
            for (Map<String, String> tg : loadBalancing.metricDimensions(region.name, targetGroup)) {
                samples.add(new Sample(region.name, "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", tg,
                        failing * ERRORS_PER_SAMPLE, "Count"));
            }
        }
    }
}
