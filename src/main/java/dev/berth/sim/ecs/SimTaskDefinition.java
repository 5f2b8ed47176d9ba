package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A registered task definition revision: the request as given, plus what ECS adds to it. */
final class SimTaskDefinition {
    final String arn;
    final String family;
    final int revision;
    final ObjectNode registered;
    final Instant registeredAt;
    final List<ContainerSpec> containers;
    String status = "ACTIVE";
    Instant deregisteredAt;

    /** The parts of a container definition that decide how the simulated task behaves. */
    record ContainerSpec(String name, String image, boolean essential, HealthCheck healthCheck, List<PortMapping> ports) {
    }

    /** A container port and the host port asked for: 0 (or none) means a dynamic host port in bridge mode. */
    record PortMapping(int containerPort, int hostPort, String protocol) {
    }

    record HealthCheck(int intervalSeconds, int retries, int startPeriodSeconds) {
        static HealthCheck of(JsonNode node) {
            if (node == null || node.isNull() || !node.has("command")) {
                return null;
            }
            return new HealthCheck(node.path("interval").asInt(30), node.path("retries").asInt(3),
                    node.path("startPeriod").asInt(0));
        }
    }

    SimTaskDefinition(String arn, String family, int revision, ObjectNode registered, Instant registeredAt) {
        this.arn = arn;
        this.family = family;
        this.revision = revision;
        this.registered = registered;
        this.registeredAt = registeredAt;
        this.containers = containersOf(registered);
    }

    boolean active() {
        return "ACTIVE".equals(status);
    }

    String networkMode() {
        return registered.path("networkMode").asText("bridge");
    }

    /**
     * What a task of this revision reserves on a container instance: the task-level cpu and memory
     * when given, else the containers' sum (memoryReservation, else memory); and its static host
     * ports (host mode: every container port; bridge: every non-zero host port).
     */
    dev.berth.placement.TaskDemand demand() {
        int cpu = 0;
        int memory = 0;
        java.util.Set<Integer> tcp = new java.util.HashSet<>();
        java.util.Set<Integer> udp = new java.util.HashSet<>();
        boolean hostMode = "host".equals(networkMode());
        for (JsonNode c : registered.path("containerDefinitions")) {
            cpu += c.path("cpu").asInt(0);
            memory += c.has("memoryReservation") ? c.path("memoryReservation").asInt(0) : c.path("memory").asInt(0);
        }
        for (ContainerSpec spec : containers) {
            for (PortMapping mapping : spec.ports()) {
                int hostPort = hostMode ? mapping.containerPort() : mapping.hostPort();
                if (hostPort > 0) {
                    ("udp".equalsIgnoreCase(mapping.protocol()) ? udp : tcp).add(hostPort);
                }
            }
        }
        if (registered.hasNonNull("cpu")) {
            cpu = registered.path("cpu").asInt(cpu);
        }
        if (registered.hasNonNull("memory")) {
            memory = registered.path("memory").asInt(memory);
        }
        return new dev.berth.placement.TaskDemand(cpu, memory, tcp, udp);
    }

    String familyRevision() {
        return family + ":" + revision;
    }

    private static List<ContainerSpec> containersOf(ObjectNode registered) {
        List<ContainerSpec> specs = new ArrayList<>();
        for (JsonNode c : registered.path("containerDefinitions")) {
            List<PortMapping> ports = new ArrayList<>();
            for (JsonNode mapping : c.path("portMappings")) {
                if (mapping.has("containerPort")) {
                    ports.add(new PortMapping(mapping.get("containerPort").asInt(), mapping.path("hostPort").asInt(0),
                            mapping.path("protocol").asText("tcp")));
                }
            }
            specs.add(new ContainerSpec(c.path("name").asText(), c.path("image").asText(),
                    c.path("essential").asBoolean(true), HealthCheck.of(c.get("healthCheck")), ports));
        }
        return specs;
    }
}
