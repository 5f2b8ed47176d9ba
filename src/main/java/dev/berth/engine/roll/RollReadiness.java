package dev.berth.engine.roll;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a cluster is ready to roll, before any change: the group holds its desired number of
 * instances, each InService and registered ACTIVE with the cluster, and every service is steady and
 * within its bounds. A roll that starts from anything else could not tell its own effects apart.
 */
public final class RollReadiness {
    private RollReadiness() {
    }

    /**
     * @param lifecycle  the group's instances and their LifecycleState
     * @param registered EC2 instance id to its container-instance status in the cluster
     */
    public static List<String> problems(String group, String cluster, int desired, Map<String, String> lifecycle,
                                        Map<String, String> registered, List<ServiceCount> services) {
        List<String> problems = new ArrayList<>();
        if (lifecycle.isEmpty()) {
            problems.add("group " + group + " has no instances to replace");
        } else if (lifecycle.size() != desired) {
            problems.add("group " + group + " has " + lifecycle.size() + " instances and wants " + desired
                    + "; roll once it has settled");
        }
        lifecycle.forEach((id, state) -> {
            if (!"InService".equals(state)) {
                problems.add("instance " + id + " is " + state + ", not InService");
            } else if (!registered.containsKey(id)) {
                problems.add("instance " + id + " is not registered with cluster " + cluster);
            } else if (!"ACTIVE".equals(registered.get(id))) {
                problems.add("instance " + id + " is " + registered.get(id) + " in cluster " + cluster + ", not ACTIVE");
            }
        });
        for (ServiceCount service : services) {
            if (!service.steady()) {
                problems.add("service " + service.name() + " is not steady (" + service.running() + " of " + service.desired()
                        + " running, " + service.pending() + " pending, " + service.deployments() + " deployments)");
            }
        }
        problems.addAll(RollBounds.breaches(services));
        return problems;
    }
}
