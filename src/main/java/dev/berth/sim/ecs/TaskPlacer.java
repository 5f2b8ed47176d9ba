package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.placement.Host;
import dev.berth.placement.Placement;
import dev.berth.placement.PlacementConstraint;
import dev.berth.placement.PlacementStrategy;
import dev.berth.placement.TaskDemand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Chooses the container instance for a service's next task by ECS's placement rules, or says why none fits. */
final class TaskPlacer {
    /** Where a task goes: an instance, nowhere needed (FARGATE, awsvpc, implicit instances), or the reason it cannot. */
    record Choice(SimContainerInstance instance, String failure) {
        boolean placed() {
            return failure == null;
        }
    }

    private TaskPlacer() {
    }

    /** Whether tasks of this service need a container instance at all. */
    static boolean needsInstance(SimService service, SimTaskDefinition definition) {
        return !"FARGATE".equals(service.launchType) && !"awsvpc".equals(definition.networkMode())
                && service.cluster.hasRegisteredInstances;
    }

    static Choice choose(SimService service, SimTaskDefinition definition) {
        if (!needsInstance(service, definition)) {
            return new Choice(null, null);
        }
        TaskDemand demand = definition.demand();
        List<SimContainerInstance> active = service.cluster.containerInstances.values().stream()
                .filter(SimContainerInstance::active).toList();
        List<Host> hosts = new ArrayList<>();
        for (SimContainerInstance instance : active) {
            hosts.add(host(instance, service));
        }
        Placement.Decision decision = Placement.place(demand, hosts, strategies(service), constraints(service, definition));
        if (decision.placed()) {
            return new Choice(service.cluster.containerInstances.get(decision.hostId()), null);
        }
        if (decision.shortfall() == Placement.Shortfall.NO_INSTANCES) {
            return new Choice(null, service.eventPrefix() + " was unable to place a task because no container instance met all "
                    + "of its requirements. Reason: No Container Instances were found in your cluster. For more information, "
                    + "see the Troubleshooting section of the Amazon ECS Developer Guide.");
        }
        return new Choice(null, service.eventPrefix() + " was unable to place a task because no container instance met all of "
                + "its requirements. The closest matching (container-instance " + decision.closestHostId() + ") "
                + decision.shortfall().words + " For more information, see the Troubleshooting section of the Amazon ECS "
                + "Developer Guide.");
    }

    static Host host(SimContainerInstance instance, SimService service) {
        int groupTasks = (int) instance.tasks().stream().filter(t -> t.service == service && t.active()).count();
        return new Host(instance.id, instance.remainingCpu(), instance.remainingMemory(), instance.usedTcp(),
                instance.usedUdp(), Map.copyOf(instance.attributes), groupTasks);
    }

    static List<PlacementStrategy> strategies(SimService service) {
        List<PlacementStrategy> strategies = new ArrayList<>();
        if (service.placementStrategy != null) {
            for (JsonNode s : service.placementStrategy) {
                strategies.add(new PlacementStrategy(s.path("type").asText(), s.path("field").asText(null)));
            }
        }
        return strategies;
    }

    /** The service's constraints and those of its task definition. */
    static List<PlacementConstraint> constraints(SimService service, SimTaskDefinition definition) {
        List<PlacementConstraint> constraints = new ArrayList<>();
        addConstraints(service.placementConstraints, constraints);
        if (definition != null) {
            addConstraints(definition.registered.get("placementConstraints"), constraints);
        }
        return constraints;
    }

    private static void addConstraints(JsonNode list, List<PlacementConstraint> into) {
        if (list == null) {
            return;
        }
        for (JsonNode c : list) {
            into.add(new PlacementConstraint(c.path("type").asText(), c.path("expression").asText(null)));
        }
    }
}
