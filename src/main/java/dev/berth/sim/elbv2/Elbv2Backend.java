package dev.berth.sim.elbv2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.sim.SimWorld;
import dev.berth.sim.ecs.LoadBalancing;
import dev.berth.sim.http.AwsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Elastic Load Balancing v2 in the simulator: load balancers, listeners, rules and target groups,
 * and the health of targets over simulated time. Fields follow the ELBv2 API and CloudFormation
 * (PascalCase). ECS registers its tasks here through {@link LoadBalancing}.
 */
public final class Elbv2Backend implements LoadBalancing {
    private final SimWorld world;
    private final Random random;
    private final String accountId;
    private final ObjectMapper json;
    private final Map<String, Elbv2Region> regions = new ConcurrentHashMap<>();

    public Elbv2Backend(SimWorld world, Random random, String accountId, ObjectMapper json) {
        this.world = world;
        this.random = random;
        this.accountId = accountId;
        this.json = json;
    }

    Elbv2Region region(String name) {
        return regions.computeIfAbsent(name, r -> new Elbv2Region(r, accountId));
    }

    // ---- load balancers ----

    /** What a load balancer offers to templates: its ARN, DNS name, and CloudWatch full name. */
    public record LoadBalancerInfo(String arn, String name, String dnsName, String fullName, String canonicalHostedZoneId,
                                   List<String> securityGroups) {
    }

    public LoadBalancerInfo createLoadBalancer(String region, String name, JsonNode props) {
        Elbv2Region r = region(region);
        for (SimLoadBalancer existing : r.loadBalancers.values()) {
            if (existing.name().equals(name)) {
                throw AwsException.client("DuplicateLoadBalancerName", "A load balancer with the same name '" + name + "' exists, but with different settings");
            }
        }
        String type = props.path("Type").asText("application");
        String arn = r.arn("loadbalancer/" + (type.equals("network") ? "net" : "app") + "/" + name + "/" + hex(16));
        String dns = name.toLowerCase(Locale.ROOT) + "-" + (1_000_000_000L + Math.floorMod(nextLong(), 8_999_999_999L))
                + "." + region + ".elb.amazonaws.com";
        SimLoadBalancer lb = new SimLoadBalancer(arn, name, dns, props.path("Scheme").asText("internet-facing"), type,
                "vpc-" + hex(17), strings(props.get("Subnets")), strings(props.get("SecurityGroups")), world.now());
        r.loadBalancers.put(arn, lb);
        return info(lb);
    }

    public LoadBalancerInfo loadBalancer(String region, String arn) {
        SimLoadBalancer lb = region(region).loadBalancers.get(arn);
        if (lb == null) {
            throw AwsException.client("LoadBalancerNotFound", "One or more load balancers not found");
        }
        return info(lb);
    }

    public void deleteLoadBalancer(String region, String arn) {
        Elbv2Region r = region(region);
        r.loadBalancers.remove(arn);
        r.listeners.values().removeIf(l -> l.loadBalancerArn().equals(arn));
        r.targetGroups.values().forEach(tg -> tg.loadBalancerArns.remove(arn));
    }

    private static LoadBalancerInfo info(SimLoadBalancer lb) {
        return new LoadBalancerInfo(lb.arn(), lb.name(), lb.dnsName(), lb.fullName(), "Z35SXDOTRQ7X7K", lb.securityGroups());
    }

    // ---- target groups ----

    public String createTargetGroup(String region, String name, JsonNode props) {
        Elbv2Region r = region(region);
        for (SimTargetGroup existing : r.targetGroups.values()) {
            if (existing.name.equals(name)) {
                throw AwsException.client("DuplicateTargetGroupName", "A target group with the same name '" + name + "' exists, but with different settings");
            }
        }
        String arn = r.arn("targetgroup/" + name + "/" + hex(16));
        SimTargetGroup tg = new SimTargetGroup(arn, name, props.path("Protocol").asText("HTTP"),
                props.path("Port").asInt(80), props.path("VpcId").asText(null), props.path("TargetType").asText("instance"),
                world.now());
        configure(tg, props);
        r.targetGroups.put(arn, tg);
        return arn;
    }

    /** Applies health-check settings and attributes, as CreateTargetGroup or an in-place update does. */
    public void modifyTargetGroup(String region, String arn, JsonNode props) {
        configure(targetGroup(region, arn), props);
    }

    private static void configure(SimTargetGroup tg, JsonNode props) {
        tg.healthCheckPath = props.path("HealthCheckPath").asText(tg.healthCheckPath);
        tg.healthCheckProtocol = props.path("HealthCheckProtocol").asText(tg.healthCheckProtocol);
        tg.healthCheckPort = props.path("HealthCheckPort").asText(tg.healthCheckPort);
        tg.intervalSeconds = props.path("HealthCheckIntervalSeconds").asInt(tg.intervalSeconds);
        tg.timeoutSeconds = props.path("HealthCheckTimeoutSeconds").asInt(tg.timeoutSeconds);
        tg.healthyThreshold = props.path("HealthyThresholdCount").asInt(tg.healthyThreshold);
        tg.unhealthyThreshold = props.path("UnhealthyThresholdCount").asInt(tg.unhealthyThreshold);
        tg.matcher = props.path("Matcher").path("HttpCode").asText(tg.matcher);
        for (JsonNode attribute : props.path("TargetGroupAttributes")) {
            tg.attributes.put(attribute.path("Key").asText(), attribute.path("Value").asText());
        }
    }

    public void deleteTargetGroup(String region, String arn) {
        Elbv2Region r = region(region);
        SimTargetGroup tg = r.targetGroups.get(arn);
        if (tg != null && !tg.loadBalancerArns.isEmpty()) {
            throw AwsException.client("ResourceInUse", "Target group '" + arn + "' is currently in use by a listener or a rule");
        }
        r.targetGroups.remove(arn);
    }

    public String targetGroupFullName(String region, String arn) {
        return arn.substring(arn.indexOf(":targetgroup/") + 1);
    }

    public List<String> targetGroupLoadBalancers(String region, String arn) {
        return List.copyOf(targetGroup(region, arn).loadBalancerArns);
    }

    SimTargetGroup targetGroup(String region, String arn) {
        SimTargetGroup tg = region(region).targetGroups.get(arn);
        if (tg == null) {
            throw AwsException.client("TargetGroupNotFound", "One or more target groups not found");
        }
        return tg;
    }

    // ---- listeners and rules ----

    public String createListener(String region, JsonNode props) {
        Elbv2Region r = region(region);
        String lbArn = props.path("LoadBalancerArn").asText();
        SimLoadBalancer lb = r.loadBalancers.get(lbArn);
        if (lb == null) {
            throw AwsException.client("LoadBalancerNotFound", "One or more load balancers not found");
        }
        String arn = r.arn("listener/" + lb.fullName() + "/" + hex(16));
        r.listeners.put(arn, new SimListener(arn, lbArn, props.path("Port").asInt(80), props.path("Protocol").asText("HTTP"),
                props.path("DefaultActions").deepCopy()));
        linkTargetGroups(r, lbArn, props.path("DefaultActions"));
        return arn;
    }

    public void modifyListener(String region, String arn, JsonNode props) {
        Elbv2Region r = region(region);
        SimListener old = r.listeners.get(arn);
        if (old == null) {
            throw AwsException.client("ListenerNotFound", "One or more listeners not found");
        }
        r.listeners.put(arn, new SimListener(arn, old.loadBalancerArn(), props.path("Port").asInt(old.port()),
                props.path("Protocol").asText(old.protocol()), props.path("DefaultActions").deepCopy()));
        linkTargetGroups(r, old.loadBalancerArn(), props.path("DefaultActions"));
    }

    public void deleteListener(String region, String arn) {
        Elbv2Region r = region(region);
        r.listeners.remove(arn);
        r.rules.values().removeIf(rule -> rule.listenerArn().equals(arn));
        relink(r);
    }

    public String createRule(String region, JsonNode props) {
        Elbv2Region r = region(region);
        String listenerArn = props.path("ListenerArn").asText();
        SimListener listener = r.listeners.get(listenerArn);
        if (listener == null) {
            throw AwsException.client("ListenerNotFound", "One or more listeners not found");
        }
        String priority = props.path("Priority").asText();
        for (SimRule rule : r.rules.values()) {
            if (rule.listenerArn().equals(listenerArn) && rule.priority().equals(priority)) {
                throw AwsException.client("PriorityInUse", "Priority '" + priority + "' is currently in use");
            }
        }
        String listenerPart = listenerArn.substring(listenerArn.indexOf(":listener/") + ":listener/".length());
        String arn = r.arn("listener-rule/" + listenerPart + "/" + hex(16));
        r.rules.put(arn, new SimRule(arn, listenerArn, priority, props.path("Conditions").deepCopy(), props.path("Actions").deepCopy()));
        linkTargetGroups(r, listener.loadBalancerArn(), props.path("Actions"));
        return arn;
    }

    public void modifyRule(String region, String arn, JsonNode props) {
        Elbv2Region r = region(region);
        SimRule old = r.rules.get(arn);
        if (old == null) {
            throw AwsException.client("RuleNotFound", "One or more rules not found");
        }
        r.rules.put(arn, new SimRule(arn, old.listenerArn(), props.path("Priority").asText(old.priority()),
                props.path("Conditions").deepCopy(), props.path("Actions").deepCopy()));
        relink(r);
    }

    public void deleteRule(String region, String arn) {
        Elbv2Region r = region(region);
        r.rules.remove(arn);
        relink(r);
    }

    /** Target groups named in forward actions become associated with the listener's load balancer. */
    private static void linkTargetGroups(Elbv2Region r, String lbArn, JsonNode actions) {
        for (String tgArn : forwardTargets(actions)) {
            SimTargetGroup tg = r.targetGroups.get(tgArn);
            if (tg != null && !tg.loadBalancerArns.contains(lbArn)) {
                tg.loadBalancerArns.add(lbArn);
            }
        }
    }

    private static void relink(Elbv2Region r) {
        r.targetGroups.values().forEach(tg -> tg.loadBalancerArns.clear());
        for (SimListener listener : r.listeners.values()) {
            linkTargetGroups(r, listener.loadBalancerArn(), listener.defaultActions());
        }
        for (SimRule rule : r.rules.values()) {
            SimListener listener = r.listeners.get(rule.listenerArn());
            if (listener != null) {
                linkTargetGroups(r, listener.loadBalancerArn(), rule.actions());
            }
        }
    }

    private static List<String> forwardTargets(JsonNode actions) {
        List<String> arns = new ArrayList<>();
        for (JsonNode action : actions) {
            if (action.hasNonNull("TargetGroupArn")) {
                arns.add(action.get("TargetGroupArn").asText());
            }
            for (JsonNode tg : action.path("ForwardConfig").path("TargetGroups")) {
                arns.add(tg.path("TargetGroupArn").asText());
            }
        }
        return arns;
    }

    // ---- targets (what ECS calls) ----

    @Override
    public boolean targetGroupExists(String region, String targetGroupArn) {
        return region(region).targetGroups.containsKey(targetGroupArn);
    }

    @Override
    public boolean ipTargets(String region, String targetGroupArn) {
        SimTargetGroup tg = region(region).targetGroups.get(targetGroupArn);
        return tg != null && "ip".equals(tg.targetType);
    }

    @Override
    public boolean attachedToLoadBalancer(String region, String targetGroupArn) {
        SimTargetGroup tg = region(region).targetGroups.get(targetGroupArn);
        return tg != null && !tg.loadBalancerArns.isEmpty();
    }

    @Override
    public void register(String region, String targetGroupArn, String targetId, int port, boolean passes,
                         Consumer<Boolean> healthDecided) {
        SimTargetGroup tg = targetGroup(region, targetGroupArn);
        SimTargetGroup.SimTarget target = new SimTargetGroup.SimTarget(targetId, port);
        tg.targets.put(SimTargetGroup.key(targetId, port), target);
        world.at(world.now().plusSeconds(1), () -> {
            if ("initial".equals(target.state)) {
                target.set("initial", "Elb.InitialHealthChecking", "Initial health checks in progress");
            }
        });
        int checks = passes ? tg.healthyThreshold : tg.unhealthyThreshold;
        world.at(world.now().plus(Duration.ofSeconds((long) tg.intervalSeconds * checks)), () -> {
            if (!"initial".equals(target.state) || tg.targets.get(SimTargetGroup.key(targetId, port)) != target) {
                return;
            }
            if (passes) {
                target.set("healthy", null, null);
            } else {
                target.set("unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [500]");
            }
            healthDecided.accept(passes);
        });
    }

    @Override
    public void deregister(String region, String targetGroupArn, String targetId, int port, Runnable drained) {
        SimTargetGroup tg = region(region).targetGroups.get(targetGroupArn);
        SimTargetGroup.SimTarget target = tg == null ? null : tg.targets.get(SimTargetGroup.key(targetId, port));
        if (target == null) {
            drained.run();
            return;
        }
        target.set("draining", "Target.DeregistrationInProgress", "Target deregistration is in progress");
        world.at(world.now().plusSeconds(tg.deregistrationDelaySeconds()), () -> {
            tg.targets.remove(SimTargetGroup.key(targetId, port));
            drained.run();
        });
    }

    // ---- metrics ----

    @Override
    public List<Map<String, String>> metricDimensions(String region, String targetGroupArn) {
        Elbv2Region r = region(region);
        SimTargetGroup tg = r.targetGroups.get(targetGroupArn);
        List<Map<String, String>> sets = new ArrayList<>();
        if (tg == null) {
            return sets;
        }
        for (String lbArn : tg.loadBalancerArns) {
            SimLoadBalancer lb = r.loadBalancers.get(lbArn);
            if (lb != null) {
                sets.add(Map.of("TargetGroup", targetGroupFullName(region, targetGroupArn), "LoadBalancer", info(lb).fullName()));
            }
        }
        return sets;
    }

    /** What the load balancers report every minute: each target group's healthy and unhealthy hosts. */
    public dev.berth.sim.cloudwatch.MetricSource metricSource() {
        return at -> {
            List<dev.berth.sim.cloudwatch.MetricSource.Sample> samples = new ArrayList<>();
            for (Elbv2Region r : regions.values()) {
                for (SimTargetGroup tg : List.copyOf(r.targetGroups.values())) {
                    long healthy = tg.targets.values().stream().filter(t -> "healthy".equals(t.state)).count();
                    long unhealthy = tg.targets.values().stream().filter(t -> "unhealthy".equals(t.state)).count();
                    for (Map<String, String> dimensions : metricDimensions(r.name, tg.arn)) {
                        samples.add(new dev.berth.sim.cloudwatch.MetricSource.Sample(r.name, "AWS/ApplicationELB",
                                "HealthyHostCount", dimensions, healthy, "Count"));
                        samples.add(new dev.berth.sim.cloudwatch.MetricSource.Sample(r.name, "AWS/ApplicationELB",
                                "UnHealthyHostCount", dimensions, unhealthy, "Count"));
                    }
                }
            }
            return samples;
        };
    }

    // ---- helpers ----

    private String hex(int digits) {
        StringBuilder text = new StringBuilder(digits);
        synchronized (random) {
            for (int i = 0; i < digits; i++) {
                text.append(Character.forDigit(random.nextInt(16), 16));
            }
        }
        return text.toString();
    }

    private long nextLong() {
        synchronized (random) {
            return random.nextLong();
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(v -> values.add(v.asText()));
        }
        return values;
    }

    ArrayNode array() {
        return json.createArrayNode();
    }
}
