package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/** A cluster with its services and tasks. Stopped tasks stay describable for a while, as on ECS. */
final class SimCluster {
    static final int STOPPED_TASKS_KEPT = 2000;

    final String name;
    final String arn;
    final String region;
    final Instant createdAt;
    String status = "ACTIVE";
    JsonNode tags;
    JsonNode settings;
    final Map<String, SimService> services = new LinkedHashMap<>();
    final Map<String, SimTask> tasks = new LinkedHashMap<>();
    final Deque<SimTask> stoppedOrder = new ArrayDeque<>();

    /** The container instances tasks are placed on, round-robin; each hands out dynamic host ports. */
    final java.util.List<String> instances = new java.util.ArrayList<>();
    final Map<String, Integer> nextHostPort = new java.util.HashMap<>();
    int placements;
    /** Container instances that registered, ACTIVE and DRAINING, by id; deregistered ones are forgotten. */
    final Map<String, SimContainerInstance> containerInstances = new LinkedHashMap<>();
    /**
     * Whether any container instance ever registered. Until one does, EC2 tasks run on implicit
     * instances with unlimited room, so that clusters created without instances still run tasks.
     */
    boolean hasRegisteredInstances;
    int addresses;

    SimCluster(String name, String arn, String region, Instant createdAt) {
        this.name = name;
        this.arn = arn;
        this.region = region;
        this.createdAt = createdAt;
    }

    boolean active() {
        return "ACTIVE".equals(status);
    }

    /** Forgets the oldest stopped tasks beyond the number kept. */
    void rememberStopped(SimTask task) {
        stoppedOrder.addLast(task);
        while (stoppedOrder.size() > STOPPED_TASKS_KEPT) {
            tasks.remove(stoppedOrder.removeFirst().id);
        }
    }
}
