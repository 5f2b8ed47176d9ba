package dev.berth.engine.capacity;

import dev.berth.engine.rollout.RolloutBounds;
import dev.berth.placement.Host;
import dev.berth.placement.Placement;
import dev.berth.placement.PlacementConstraint;
import dev.berth.placement.PlacementStrategy;
import dev.berth.placement.TaskDemand;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plays a rolling update on the registered instances, step by step as ECS's scheduler takes it:
 * stop old tasks while the healthy floor allows, place new ones (by ECS's placement rules) up to
 * the ceiling, wait for them to become healthy, repeat. A step that can neither stop nor place
 * means the rollout never finishes. Pure: the instances come in, the verdict goes out.
 */
public final class RoomPlanner {
    private static final int MOST_INSTANCES_TO_SUGGEST = 50;
    private static final int MOST_STEPS = 10_000;

    /** The cluster as read: instances (groupTasks = this service's tasks on each), the task's demand, the service's rules. */
    public record Cluster(List<Host> hosts, TaskDemand demand, List<PlacementStrategy> strategies,
                          List<PlacementConstraint> constraints, Host template) {
    }

    private record Run(int waves, int firstWave, Placement.Decision failure) {
        boolean finished() {
            return failure == null;
        }
    }

    private RoomPlanner() {
    }

    public static RoomCheck check(RolloutBounds bounds, Cluster cluster) {
        TaskDemand demand = cluster.demand();
        List<Integer> ports = new ArrayList<>(new java.util.TreeSet<>(demand.tcpPorts()));
        Run run = run(bounds, cluster.hosts(), cluster);
        int surge = Math.max(1, Math.min(bounds.desired(), bounds.upper() - bounds.desired() + bounds.tasksStoppedUpFront()));
        int fitNow = Placement.placeAll(demand, cluster.hosts(), surge, cluster.strategies(), cluster.constraints()).placedOn().size();
        if (run.finished()) {
            boolean slow = run.waves() > bounds.batches();
            String reason = "fits: " + run.waves() + " step" + (run.waves() == 1 ? "" : "s") + ", " + run.firstWave()
                    + " new task" + (run.firstWave() == 1 ? "" : "s") + " placed at once on " + cluster.hosts().size()
                    + " instance" + (cluster.hosts().size() == 1 ? "" : "s")
                    + (slow ? " (the bounds alone would allow " + bounds.batches() + "; the cluster's room slows it)" : "");
            String remedy = slow ? "add " + instancesToAdd(bounds, cluster, bounds.batches())
                    + " instance(s) to roll out in " + bounds.batches() + " step(s)" : null;
            return new RoomCheck(true, true, slow, run.waves(), run.firstWave(), fitNow, demand.cpu(), demand.memory(), ports,
                    cluster.hosts().size(), 0, null, null, reason, remedy);
        }
        int add = instancesToAdd(bounds, cluster, Integer.MAX_VALUE);
        Integer lowerMinimum = minimumHealthyPercentThatFits(bounds, cluster);
        String shortfall = shortfall(run.failure());
        String reason = "does not fit: after " + (run.waves() == 0 ? "no step" : run.waves() + " step(s)") + " no new task can be "
                + "placed and no old one may stop (at least " + bounds.lower() + " healthy of desired " + bounds.desired()
                + "); " + shortfall;
        List<String> remedies = new ArrayList<>();
        if (add > 0) {
            int fast = instancesToAdd(bounds, cluster, bounds.batches());
            remedies.add("add " + add + " container instance" + (add == 1 ? "" : "s") + " like the cluster's"
                    + (fast > add ? " (" + fast + " to roll out in " + bounds.batches() + " step" + (bounds.batches() == 1 ? "" : "s") + ")" : ""));
        }
        if (lowerMinimum != null) {
            remedies.add("lower MinimumHealthyPercent to " + lowerMinimum);
        }
        String remedy = remedies.isEmpty() ? "no instance like the cluster's can take this task: use a larger instance type"
                : String.join(", or ", remedies);
        return new RoomCheck(true, false, false, 0, run.firstWave(), fitNow, demand.cpu(), demand.memory(), ports,
                cluster.hosts().size(), add, lowerMinimum, shortfall, reason, remedy);
    }

    /** Plays the rollout; the old tasks are this service's tasks on the instances now. */
    private static Run run(RolloutBounds bounds, List<Host> start, Cluster cluster) {
        TaskDemand demand = cluster.demand();
        Map<String, Integer> oldPerHost = new HashMap<>();
        List<Host> hosts = new ArrayList<>();
        for (Host host : start) {
            oldPerHost.put(host.id(), host.groupTasks());
            hosts.add(host);
        }
        int old = oldPerHost.values().stream().mapToInt(Integer::intValue).sum();
        int fresh = 0;
        int waves = 0;
        int firstWave = 0;
        while (fresh < bounds.desired() && waves < MOST_STEPS) {
            int stop = Math.min(old, Math.max(0, old + fresh - bounds.lower()));
            for (int i = 0; i < stop; i++) {
                hosts = stopOne(hosts, oldPerHost, demand);
            }
            old -= stop;
            int canStart = Math.max(0, Math.min(bounds.desired() - fresh, bounds.upper() - old - fresh));
            Placement.Batch batch = Placement.placeAll(demand, hosts, canStart, cluster.strategies(), cluster.constraints());
            int placed = batch.placedOn().size();
            hosts = batch.hostsAfter();
            fresh += placed;
            if (waves == 0) {
                firstWave = placed;
            }
            if (stop == 0 && placed == 0) {
                Placement.Decision failure = batch.failure() != null ? batch.failure()
                        : new Placement.Decision(null, null, Placement.Shortfall.CONSTRAINTS);
                return new Run(waves, firstWave, failure);
            }
            waves++;
        }
        return new Run(waves, firstWave, null);
    }

    /** Stops an old task where most of them run, giving back what it held. */
    private static List<Host> stopOne(List<Host> hosts, Map<String, Integer> oldPerHost, TaskDemand demand) {
        String busiest = null;
        for (Map.Entry<String, Integer> entry : oldPerHost.entrySet()) {
            if (entry.getValue() > 0 && (busiest == null || entry.getValue() > oldPerHost.get(busiest))) {
                busiest = entry.getKey();
            }
        }
        if (busiest == null) {
            return hosts;
        }
        oldPerHost.merge(busiest, -1, Integer::sum);
        List<Host> after = new ArrayList<>();
        for (Host host : hosts) {
            if (host.id().equals(busiest)) {
                Set<Integer> tcp = new HashSet<>(host.usedTcpPorts());
                tcp.removeAll(demand.tcpPorts());
                Set<Integer> udp = new HashSet<>(host.usedUdpPorts());
                udp.removeAll(demand.udpPorts());
                host = new Host(host.id(), host.remainingCpu() + demand.cpu(), host.remainingMemory() + demand.memory(), tcp, udp,
                        host.attributes(), Math.max(0, host.groupTasks() - 1));
            }
            after.add(host);
        }
        return after;
    }

    /** Empty instances like the template to add until the rollout finishes within {@code steps}; 0 if no number helps. */
    private static int instancesToAdd(RolloutBounds bounds, Cluster cluster, int steps) {
        if (cluster.template() == null) {
            return 0;
        }
        List<Host> hosts = new ArrayList<>(cluster.hosts());
        for (int added = 1; added <= MOST_INSTANCES_TO_SUGGEST; added++) {
            Host t = cluster.template();
            hosts.add(new Host("new-" + added, t.remainingCpu(), t.remainingMemory(), t.usedTcpPorts(), t.usedUdpPorts(),
                    t.attributes(), 0));
            Run run = run(bounds, hosts, cluster);
            if (run.finished() && run.waves() <= steps) {
                return added;
            }
        }
        return 0;
    }

    private static Integer minimumHealthyPercentThatFits(RolloutBounds bounds, Cluster cluster) {
        for (int percent = bounds.minimumHealthyPercent() - 1; percent >= 0; percent--) {
            RolloutBounds lower = new RolloutBounds(bounds.desired(), percent, bounds.maximumPercent());
            if (lower.lower() < bounds.lower() && run(lower, cluster.hosts(), cluster).finished()) {
                return percent;
            }
        }
        return null;
    }

    private static String shortfall(Placement.Decision failure) {
        if (failure.shortfall() == Placement.Shortfall.NO_INSTANCES) {
            return "the cluster has no ACTIVE container instance";
        }
        if (failure.closestHostId() == null) {
            return "the rollout bounds leave no room to start a task";
        }
        String id = failure.closestHostId();
        return "the closest matching container instance " + id.substring(id.lastIndexOf('/') + 1) + " " + failure.shortfall().words;
    }
}
