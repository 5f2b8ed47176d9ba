package dev.berth.sim.elbv2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.SimWorld;
import dev.berth.sim.http.AwsException;
import dev.berth.sim.http.AwsQueryService;
import dev.berth.sim.http.QueryInput;
import dev.berth.sim.http.RequestContext;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Elastic Load Balancing v2 over awsQuery: the read operations people and tools use to see
 * load balancers, listeners, rules, target groups and target health. Resources are created
 * through CloudFormation.
 */
public final class Elbv2Api implements AwsQueryService {
    private final SimWorld world;
    private final Elbv2Backend backend;
    private final ObjectMapper json;

    public Elbv2Api(SimWorld world, Elbv2Backend backend, ObjectMapper json) {
        this.world = world;
        this.backend = backend;
        this.json = json;
    }

    @Override
    public String signingName() {
        return "elasticloadbalancing";
    }

    @Override
    public String version() {
        return "2015-12-01";
    }

    @Override
    public String xmlNamespace() {
        return "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    }

    @Override
    public boolean isMutating(String action) {
        return Set.of("RegisterTargets", "DeregisterTargets").contains(action);
    }

    @Override
    public ObjectNode handle(String action, QueryInput input, RequestContext context) {
        return world.step(() -> {
            Elbv2Region region = backend.region(context.region());
            return switch (action) {
                case "DescribeLoadBalancers" -> describeLoadBalancers(region, input);
                case "DescribeTargetGroups" -> describeTargetGroups(region, input);
                case "DescribeTargetHealth" -> describeTargetHealth(region, input);
                case "DescribeTargetGroupAttributes" -> describeTargetGroupAttributes(region, input);
                case "DescribeListeners" -> describeListeners(region, input);
                case "DescribeRules" -> describeRules(region, input);
                default -> throw AwsException.client("InvalidAction",
                        "The simulator does not implement Elastic Load Balancing " + action);
            };
        });
    }

    private ObjectNode describeLoadBalancers(Elbv2Region region, QueryInput input) {
        List<String> arns = input.strings("LoadBalancerArns");
        List<String> names = input.strings("Names");
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("LoadBalancers");
        int matched = 0;
        for (SimLoadBalancer lb : region.loadBalancers.values()) {
            if ((arns.isEmpty() || arns.contains(lb.arn())) && (names.isEmpty() || names.contains(lb.name()))) {
                matched++;
                ObjectNode node = list.addObject();
                node.put("LoadBalancerArn", lb.arn());
                node.put("DNSName", lb.dnsName());
                node.put("CanonicalHostedZoneId", "Z35SXDOTRQ7X7K");
                node.put("CreatedTime", DateTimeFormatter.ISO_INSTANT.format(lb.createdAt()));
                node.put("LoadBalancerName", lb.name());
                node.put("Scheme", lb.scheme());
                node.put("VpcId", lb.vpcId());
                node.putObject("State").put("Code", "active");
                node.put("Type", lb.type());
                ArrayNode zones = node.putArray("AvailabilityZones");
                char zone = 'a';
                for (String subnet : lb.subnets()) {
                    zones.addObject().put("ZoneName", region.name + zone++).put("SubnetId", subnet);
                }
                ArrayNode groups = node.putArray("SecurityGroups");
                lb.securityGroups().forEach(groups::add);
                node.put("IpAddressType", "ipv4");
            }
        }
        if (matched < Math.max(arns.size(), names.size())) {
            throw AwsException.client("LoadBalancerNotFound", "One or more load balancers not found");
        }
        return result;
    }

    private ObjectNode describeTargetGroups(Elbv2Region region, QueryInput input) {
        List<String> arns = input.strings("TargetGroupArns");
        List<String> names = input.strings("Names");
        String lbArn = input.string("LoadBalancerArn");
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("TargetGroups");
        int matched = 0;
        for (SimTargetGroup tg : region.targetGroups.values()) {
            if ((arns.isEmpty() || arns.contains(tg.arn)) && (names.isEmpty() || names.contains(tg.name))
                    && (lbArn == null || tg.loadBalancerArns.contains(lbArn))) {
                matched++;
                list.add(targetGroup(tg));
            }
        }
        if (matched < Math.max(arns.size(), names.size())) {
            throw AwsException.client("TargetGroupNotFound", "One or more target groups not found");
        }
        return result;
    }

    private ObjectNode targetGroup(SimTargetGroup tg) {
        ObjectNode node = json.createObjectNode();
        node.put("TargetGroupArn", tg.arn);
        node.put("TargetGroupName", tg.name);
        node.put("Protocol", tg.protocol);
        node.put("Port", tg.port);
        if (tg.vpcId != null) {
            node.put("VpcId", tg.vpcId);
        }
        node.put("HealthCheckProtocol", tg.healthCheckProtocol);
        node.put("HealthCheckPort", tg.healthCheckPort);
        node.put("HealthCheckEnabled", true);
        node.put("HealthCheckIntervalSeconds", tg.intervalSeconds);
        node.put("HealthCheckTimeoutSeconds", tg.timeoutSeconds);
        node.put("HealthyThresholdCount", tg.healthyThreshold);
        node.put("UnhealthyThresholdCount", tg.unhealthyThreshold);
        node.put("HealthCheckPath", tg.healthCheckPath);
        node.putObject("Matcher").put("HttpCode", tg.matcher);
        ArrayNode lbs = node.putArray("LoadBalancerArns");
        tg.loadBalancerArns.forEach(lbs::add);
        node.put("TargetType", tg.targetType);
        node.put("ProtocolVersion", "HTTP1");
        node.put("IpAddressType", "ipv4");
        return node;
    }

    private ObjectNode describeTargetHealth(Elbv2Region region, QueryInput input) {
        SimTargetGroup tg = backend.targetGroup(region.name, input.required("TargetGroupArn"));
        List<QueryInput> asked = input.structures("Targets");
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("TargetHealthDescriptions");
        if (asked.isEmpty()) {
            tg.targets.values().forEach(t -> list.add(health(tg, t)));
        } else {
            for (QueryInput target : asked) {
                String id = target.required("Id");
                Integer port = target.integer("Port");
                SimTargetGroup.SimTarget found = null;
                for (SimTargetGroup.SimTarget t : tg.targets.values()) {
                    if (t.id.equals(id) && (port == null || port == t.port)) {
                        found = t;
                    }
                }
                if (found == null) {
                    SimTargetGroup.SimTarget missing = new SimTargetGroup.SimTarget(id, port == null ? tg.port : port);
                    missing.set("unused", "Target.NotRegistered", "Target is not registered to the target group");
                    list.add(health(tg, missing));
                } else {
                    list.add(health(tg, found));
                }
            }
        }
        return result;
    }

    private ObjectNode health(SimTargetGroup tg, SimTargetGroup.SimTarget target) {
        ObjectNode node = json.createObjectNode();
        node.putObject("Target").put("Id", target.id).put("Port", target.port);
        node.put("HealthCheckPort", String.valueOf(target.port));
        ObjectNode health = node.putObject("TargetHealth").put("State", target.state);
        if (target.reason != null) {
            health.put("Reason", target.reason);
            health.put("Description", target.description);
        }
        return node;
    }

    private ObjectNode describeTargetGroupAttributes(Elbv2Region region, QueryInput input) {
        SimTargetGroup tg = backend.targetGroup(region.name, input.required("TargetGroupArn"));
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("Attributes");
        for (Map.Entry<String, String> attribute : tg.attributes.entrySet()) {
            list.addObject().put("Key", attribute.getKey()).put("Value", attribute.getValue());
        }
        return result;
    }

    private ObjectNode describeListeners(Elbv2Region region, QueryInput input) {
        String lbArn = input.string("LoadBalancerArn");
        List<String> arns = input.strings("ListenerArns");
        if (lbArn == null && arns.isEmpty()) {
            throw AwsException.client("ValidationError", "You must specify either listener ARNs or a load balancer ARN");
        }
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("Listeners");
        for (SimListener listener : region.listeners.values()) {
            if ((lbArn == null || lbArn.equals(listener.loadBalancerArn())) && (arns.isEmpty() || arns.contains(listener.arn()))) {
                ObjectNode node = list.addObject();
                node.put("ListenerArn", listener.arn());
                node.put("LoadBalancerArn", listener.loadBalancerArn());
                node.put("Port", listener.port());
                node.put("Protocol", listener.protocol());
                node.set("DefaultActions", listener.defaultActions().deepCopy());
            }
        }
        return result;
    }

    private ObjectNode describeRules(Elbv2Region region, QueryInput input) {
        String listenerArn = input.string("ListenerArn");
        List<String> arns = input.strings("RuleArns");
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("Rules");
        for (SimRule rule : region.rules.values()) {
            if ((listenerArn == null || listenerArn.equals(rule.listenerArn())) && (arns.isEmpty() || arns.contains(rule.arn()))) {
                ObjectNode node = list.addObject();
                node.put("RuleArn", rule.arn());
                node.put("Priority", rule.priority());
                node.set("Conditions", rule.conditions().deepCopy());
                node.set("Actions", rule.actions().deepCopy());
                node.put("IsDefault", false);
            }
        }
        return result;
    }
}
