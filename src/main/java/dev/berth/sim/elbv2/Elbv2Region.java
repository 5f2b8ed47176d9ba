package dev.berth.sim.elbv2;

import java.util.LinkedHashMap;
import java.util.Map;

/** Everything Elastic Load Balancing holds in one region. */
final class Elbv2Region {
    final String name;
    final String accountId;
    final Map<String, SimLoadBalancer> loadBalancers = new LinkedHashMap<>();
    final Map<String, SimTargetGroup> targetGroups = new LinkedHashMap<>();
    final Map<String, SimListener> listeners = new LinkedHashMap<>();
    final Map<String, SimRule> rules = new LinkedHashMap<>();

    Elbv2Region(String name, String accountId) {
        this.name = name;
        this.accountId = accountId;
    }

    String arn(String resource) {
        return "arn:aws:elasticloadbalancing:" + name + ":" + accountId + ":" + resource;
    }
}
