package dev.berth.sim.ecs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything ECS holds in one region of the simulated account. */
final class EcsRegion {
    final String name;
    final String accountId;
    final Map<String, SimCluster> clusters = new LinkedHashMap<>();
    final Map<String, List<SimTaskDefinition>> families = new TreeMap<>();
    final Map<String, SimDeployment> deploymentsByArn = new LinkedHashMap<>();
    final Map<String, SimService> servicesByDeploymentArn = new LinkedHashMap<>();

    EcsRegion(String name, String accountId) {
        this.name = name;
        this.accountId = accountId;
    }

    String arn(String resource) {
        return "arn:aws:ecs:" + name + ":" + accountId + ":" + resource;
    }

    List<SimTaskDefinition> revisions(String family) {
        return families.computeIfAbsent(family, f -> new ArrayList<>());
    }

    Iterable<SimService> services() {
        List<SimService> all = new ArrayList<>();
        for (SimCluster cluster : clusters.values()) {
            all.addAll(cluster.services.values());
        }
        return all;
    }
}
