package dev.berth.engine.capacity;

import dev.berth.engine.aws.AwsErrors;
import dev.berth.placement.Host;
import dev.berth.placement.PlacementConstraint;
import dev.berth.placement.PlacementStrategy;
import dev.berth.placement.TaskDemand;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads what placement needs from a live cluster, with read calls only: instances, the service's tasks on them, its task definition. */
public final class ClusterRoomReader {
    private final EcsClient ecs;

    public ClusterRoomReader(EcsClient ecs) {
        this.ecs = ecs;
    }

    /** The ACTIVE instances of the cluster with what remains on each; {@code service} counts as each one's group tasks. */
    public List<ContainerInstance> instances(String cluster) {
        try {
            List<String> arns = new ArrayList<>();
            ecs.listContainerInstancesPaginator(r -> r.cluster(cluster).status(ContainerInstanceStatus.ACTIVE))
                    .forEach(page -> arns.addAll(page.containerInstanceArns()));
            List<ContainerInstance> instances = new ArrayList<>();
            for (int i = 0; i < arns.size(); i += 100) {
                List<String> chunk = arns.subList(i, Math.min(arns.size(), i + 100));
                instances.addAll(ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(chunk)).containerInstances());
            }
            return instances;
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to read the container instances of cluster " + cluster, e);
        }
    }

    /** The service's room question, or empty when its tasks need no container instance or the cluster has none. */
    public Optional<RoomPlanner.Cluster> read(String cluster, Service service, String taskDefinitionArn) {
        TaskDefinition definition;
        try {
            definition = ecs.describeTaskDefinition(r -> r.taskDefinition(taskDefinitionArn)).taskDefinition();
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to describe task definition " + taskDefinitionArn, e);
        }
        if ("FARGATE".equals(service.launchTypeAsString()) || "awsvpc".equals(definition.networkModeAsString())
                || !service.capacityProviderStrategy().isEmpty()) {
            return Optional.empty();
        }
        List<ContainerInstance> instances = instances(cluster);
        if (instances.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> perInstance = tasksPerInstance(cluster, service.serviceName());
        List<Host> hosts = new ArrayList<>();
        for (ContainerInstance instance : instances) {
            hosts.add(host(instance, instance.remainingResources(), perInstance.getOrDefault(instance.containerInstanceArn(), 0)));
        }
        ContainerInstance first = instances.get(0);
        Host template = host(first, first.registeredResources(), 0);
        List<PlacementStrategy> strategies = service.placementStrategy().stream()
                .map(s -> new PlacementStrategy(s.typeAsString(), s.field())).toList();
        List<PlacementConstraint> constraints = new ArrayList<>();
        service.placementConstraints().forEach(c -> constraints.add(new PlacementConstraint(c.typeAsString(), c.expression())));
        definition.placementConstraints().forEach(c -> constraints.add(new PlacementConstraint(c.typeAsString(), c.expression())));
        return Optional.of(new RoomPlanner.Cluster(hosts, demand(definition), strategies, constraints, template));
    }

    /** What a task of the definition reserves: task-level cpu and memory, else the containers' sums; static host ports. */
    public static TaskDemand demand(TaskDefinition definition) {
        int cpu = 0;
        int memory = 0;
        Set<Integer> tcp = new HashSet<>();
        Set<Integer> udp = new HashSet<>();
        boolean hostMode = "host".equals(definition.networkModeAsString());
        for (ContainerDefinition container : definition.containerDefinitions()) {
            cpu += container.cpu() == null ? 0 : container.cpu();
            memory += container.memoryReservation() != null ? container.memoryReservation()
                    : container.memory() == null ? 0 : container.memory();
            for (PortMapping mapping : container.portMappings()) {
                int port = hostMode ? value(mapping.containerPort()) : value(mapping.hostPort());
                if (port > 0) {
                    ("udp".equals(mapping.protocolAsString()) ? udp : tcp).add(port);
                }
            }
        }
        if (definition.cpu() != null && definition.cpu().matches("\\d+")) {
            cpu = Integer.parseInt(definition.cpu());
        }
        if (definition.memory() != null && definition.memory().matches("\\d+")) {
            memory = Integer.parseInt(definition.memory());
        }
        return new TaskDemand(cpu, memory, tcp, udp);
    }

    private Map<String, Integer> tasksPerInstance(String cluster, String serviceName) {
        Map<String, Integer> counts = new HashMap<>();
        try {
            List<String> arns = new ArrayList<>();
            ecs.listTasksPaginator(r -> r.cluster(cluster).serviceName(serviceName)).forEach(p -> arns.addAll(p.taskArns()));
            for (int i = 0; i < arns.size(); i += 100) {
                List<String> chunk = arns.subList(i, Math.min(arns.size(), i + 100));
                for (Task task : ecs.describeTasks(r -> r.cluster(cluster).tasks(chunk)).tasks()) {
                    if (task.containerInstanceArn() != null) {
                        counts.merge(task.containerInstanceArn(), 1, Integer::sum);
                    }
                }
            }
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to read the tasks of service " + serviceName, e);
        }
        return counts;
    }

    static Host host(ContainerInstance instance, List<Resource> resources, int groupTasks) {
        Map<String, String> attributes = new HashMap<>();
        instance.attributes().forEach(a -> {
            if (a.value() != null) {
                attributes.put(a.name(), a.value());
            }
        });
        return new Host(instance.containerInstanceArn(), integer(resources, "CPU"), integer(resources, "MEMORY"),
                ports(resources, "PORTS"), ports(resources, "PORTS_UDP"), attributes, groupTasks);
    }

    static int integer(List<Resource> resources, String name) {
        return resources.stream().filter(r -> name.equals(r.name()) && r.integerValue() != null)
                .mapToInt(Resource::integerValue).findFirst().orElse(0);
    }

    private static Set<Integer> ports(List<Resource> resources, String name) {
        Set<Integer> ports = new HashSet<>();
        resources.stream().filter(r -> name.equals(r.name())).forEach(r -> r.stringSetValue().forEach(p -> {
            if (p.matches("\\d{1,5}")) {
                ports.add(Integer.parseInt(p));
            }
        }));
        return ports;
    }

    private static int value(Integer port) {
        return port == null ? 0 : port;
    }
}
