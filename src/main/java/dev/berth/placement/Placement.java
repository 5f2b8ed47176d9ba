package dev.berth.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * ECS's task placement for the EC2 launch type, as a pure rule: keep the instances that satisfy the
 * constraints and have the CPU, memory and static host ports the task needs, then narrow them by
 * each strategy in turn (spread: least-used value of the field; binpack: least remaining of the
 * resource); the first remaining instance wins. When none fits, the closest instance is the one
 * that failed the fewest checks, and the answer says what it lacked.
 */
public final class Placement {
    /** Why a task cannot be placed, as ECS's service event words it after "The closest matching ...". */
    public enum Shortfall {
        CPU("has insufficient CPU units available."),
        MEMORY("has insufficient memory available."),
        PORTS("is already using a port required by your task."),
        CONSTRAINTS("does not satisfy the service's placement constraints."),
        NO_INSTANCES("");

        public final String words;

        Shortfall(String words) {
            this.words = words;
        }
    }

    /** The instance chosen, or the closest one and what it lacked. */
    public record Decision(String hostId, String closestHostId, Shortfall shortfall) {
        public boolean placed() {
            return hostId != null;
        }
    }

    private Placement() {
    }

    public static Decision place(TaskDemand demand, List<Host> hosts, List<PlacementStrategy> strategies,
                                 List<PlacementConstraint> constraints) {
        if (hosts.isEmpty()) {
            return new Decision(null, null, Shortfall.NO_INSTANCES);
        }
        List<Host> candidates = new ArrayList<>();
        Host closest = null;
        int fewest = Integer.MAX_VALUE;
        Shortfall closestShortfall = null;
        for (Host host : hosts) {
            List<Shortfall> failed = shortfalls(demand, host, constraints);
            if (failed.isEmpty()) {
                candidates.add(host);
            } else if (failed.size() < fewest) {
                fewest = failed.size();
                closest = host;
                closestShortfall = failed.get(0);
            }
        }
        if (candidates.isEmpty()) {
            return new Decision(null, closest.id(), closestShortfall);
        }
        for (PlacementStrategy strategy : strategies.isEmpty() ? PlacementStrategy.defaults() : strategies) {
            candidates = narrow(candidates, hosts, strategy);
        }
        return new Decision(candidates.get(0).id(), null, null);
    }

    /**
     * Places {@code count} tasks one after the other, each seeing the instances as the previous
     * ones left them; answers how many were placed and the first failure, if any.
     */
    public static Batch placeAll(TaskDemand demand, List<Host> hosts, int count, List<PlacementStrategy> strategies,
                                 List<PlacementConstraint> constraints) {
        List<Host> current = new ArrayList<>(hosts);
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Decision decision = place(demand, current, strategies, constraints);
            if (!decision.placed()) {
                return new Batch(chosen, decision, current);
            }
            chosen.add(decision.hostId());
            for (int h = 0; h < current.size(); h++) {
                if (current.get(h).id().equals(decision.hostId())) {
                    current.set(h, current.get(h).with(demand));
                }
            }
        }
        return new Batch(chosen, null, current);
    }

    /** Tasks placed in order (by host id), the failure that stopped the batch, and the hosts afterwards. */
    public record Batch(List<String> placedOn, Decision failure, List<Host> hostsAfter) {
    }

    /** The checks a host fails, in the order ECS reports them: constraints, CPU, memory, ports. */
    static List<Shortfall> shortfalls(TaskDemand demand, Host host, List<PlacementConstraint> constraints) {
        List<Shortfall> failed = new ArrayList<>();
        for (PlacementConstraint constraint : constraints) {
            if (!constraint.admits(host)) {
                failed.add(Shortfall.CONSTRAINTS);
                break;
            }
        }
        if (demand.cpu() > host.remainingCpu()) {
            failed.add(Shortfall.CPU);
        }
        if (demand.memory() > host.remainingMemory()) {
            failed.add(Shortfall.MEMORY);
        }
        boolean portTaken = demand.tcpPorts().stream().anyMatch(host.usedTcpPorts()::contains)
                || demand.udpPorts().stream().anyMatch(host.usedUdpPorts()::contains);
        if (portTaken) {
            failed.add(Shortfall.PORTS);
        }
        return failed;
    }

    private static List<Host> narrow(List<Host> candidates, List<Host> all, PlacementStrategy strategy) {
        ToIntFunction<Host> score = switch (strategy.type()) {
            case "spread" -> spreadScore(all, strategy.field());
            case "binpack" -> "cpu".equals(strategy.field()) ? Host::remainingCpu : Host::remainingMemory;
            default -> host -> 0;
        };
        int best = candidates.stream().mapToInt(score).min().orElse(0);
        List<Host> kept = new ArrayList<>();
        for (Host host : candidates) {
            if (score.applyAsInt(host) == best) {
                kept.add(host);
            }
        }
        kept.sort(Comparator.comparing(Host::id));
        return kept;
    }

    /** Tasks of the group per value of the field, counted over every instance in the cluster. */
    private static ToIntFunction<Host> spreadScore(List<Host> all, String field) {
        Map<String, Integer> perValue = new HashMap<>();
        for (Host host : all) {
            perValue.merge(String.valueOf(host.field(field)), host.groupTasks(), Integer::sum);
        }
        return host -> perValue.getOrDefault(String.valueOf(host.field(field)), 0);
    }
}
