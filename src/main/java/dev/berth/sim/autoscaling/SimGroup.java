package dev.berth.sim.autoscaling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An Auto Scaling group: its bounds, what it launches from, the zones it spreads over, and its instances. */
public final class SimGroup {
    final String region;
    final String name;
    int minSize;
    int maxSize;
    int desiredCapacity;
    LaunchSource source;
    List<String> zones = List.of();
    java.time.Instant createdTime = java.time.Instant.EPOCH;
    final List<SimInstance> instances = new ArrayList<>();
    /** Suspended Auto Scaling processes, in the order they were suspended, with AWS's SuspensionReason. */
    final Map<String, String> suspended = new LinkedHashMap<>();

    /** A launch template (id and version text such as 3 or $Latest) or a launch configuration (name). */
    record LaunchSource(String templateId, String version, String configurationName) {
    }

    SimGroup(String region, String name) {
        this.region = region;
        this.name = name;
    }

    /** Instances not terminating or terminated. */
    public List<SimInstance> live() {
        return instances.stream().filter(i -> i.state == SimInstance.State.PENDING || i.state == SimInstance.State.IN_SERVICE)
                .toList();
    }

    public int desiredCapacity() {
        return desiredCapacity;
    }

    public int maxSize() {
        return maxSize;
    }

    /** Whether this Auto Scaling process (e.g. AlarmNotification) is suspended. */
    public boolean suspended(String process) {
        return suspended.containsKey(process);
    }

    public int minSize() {
        return minSize;
    }
}
