package dev.berth.sim.cloudformation.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.berth.sim.elbv2.Elbv2Backend;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The Elastic Load Balancing v2 resource types: load balancer, target group, listener, listener rule. */
final class LoadBalancingProviders {
    private static final String SERVICE = "ElasticLoadBalancingV2";

    private LoadBalancingProviders() {
    }

    static ResourceProvider loadBalancer(Elbv2Backend elb, Timing timing, PhysicalNames names) {
        return new Simple(timing, Set.of("Name", "Scheme", "Type", "IpAddressType"), Duration.ofSeconds(10)) {
            @Override
            ResourceResult make(ResourceRequest request) {
                String name = request.properties().path("Name").asText(null);
                Elbv2Backend.LoadBalancerInfo lb = elb.createLoadBalancer(request.region(),
                        name != null ? name : names.generate(request.stackName(), request.logicalId(), 32), request.properties());
                ArrayNode groups = JsonNodeFactory.instance.arrayNode();
                lb.securityGroups().forEach(groups::add);
                return ResourceResult.done(lb.arn(), Map.of("DNSName", TextNode.valueOf(lb.dnsName()),
                        "LoadBalancerFullName", TextNode.valueOf(lb.fullName()),
                        "LoadBalancerName", TextNode.valueOf(lb.name()),
                        "CanonicalHostedZoneID", TextNode.valueOf(lb.canonicalHostedZoneId()),
                        "LoadBalancerArn", TextNode.valueOf(lb.arn()),
                        "SecurityGroups", groups));
            }

            @Override
            void remove(ResourceState current) {
                elb.deleteLoadBalancer(current.region(), current.physicalId());
            }
        };
    }

    static ResourceProvider targetGroup(Elbv2Backend elb, Timing timing, PhysicalNames names) {
        return new Simple(timing, Set.of("Name", "Port", "Protocol", "VpcId", "TargetType", "ProtocolVersion"),
                Duration.ofSeconds(2)) {
            @Override
            ResourceResult make(ResourceRequest request) {
                String given = request.properties().path("Name").asText(null);
                String name = given != null ? given : names.generate(request.stackName(), request.logicalId(), 32);
                String arn = elb.createTargetGroup(request.region(), name, request.properties());
                return ResourceResult.done(arn, attributes(request.region(), arn, name));
            }

            @Override
            ResourceResult change(ResourceRequest request, ResourceState current) {
                elb.modifyTargetGroup(request.region(), current.physicalId(), request.properties());
                return ResourceResult.done(current.physicalId(), current.attributes());
            }

            @Override
            void remove(ResourceState current) {
                elb.deleteTargetGroup(current.region(), current.physicalId());
            }

            private Map<String, JsonNode> attributes(String region, String arn, String name) {
                ArrayNode lbs = JsonNodeFactory.instance.arrayNode();
                elb.targetGroupLoadBalancers(region, arn).forEach(lbs::add);
                return Map.of("TargetGroupFullName", TextNode.valueOf(elb.targetGroupFullName(region, arn)),
                        "TargetGroupName", TextNode.valueOf(name), "TargetGroupArn", TextNode.valueOf(arn),
                        "LoadBalancerArns", lbs);
            }
        };
    }

    static ResourceProvider listener(Elbv2Backend elb, Timing timing) {
        return new Simple(timing, Set.of("LoadBalancerArn"), Duration.ofSeconds(1)) {
            @Override
            ResourceResult make(ResourceRequest request) {
                String arn = elb.createListener(request.region(), request.properties());
                return ResourceResult.done(arn, Map.of("ListenerArn", TextNode.valueOf(arn)));
            }

            @Override
            ResourceResult change(ResourceRequest request, ResourceState current) {
                elb.modifyListener(request.region(), current.physicalId(), request.properties());
                return ResourceResult.done(current.physicalId(), current.attributes());
            }

            @Override
            void remove(ResourceState current) {
                elb.deleteListener(current.region(), current.physicalId());
            }
        };
    }

    static ResourceProvider listenerRule(Elbv2Backend elb, Timing timing) {
        return new Simple(timing, Set.of("ListenerArn"), Duration.ofSeconds(1)) {
            @Override
            ResourceResult make(ResourceRequest request) {
                String arn = elb.createRule(request.region(), request.properties());
                return ResourceResult.done(arn, Map.of("RuleArn", TextNode.valueOf(arn), "IsDefault", BooleanNode.FALSE));
            }

            @Override
            ResourceResult change(ResourceRequest request, ResourceState current) {
                elb.modifyRule(request.region(), current.physicalId(), request.properties());
                return ResourceResult.done(current.physicalId(), current.attributes());
            }

            @Override
            void remove(ResourceState current) {
                elb.deleteRule(current.region(), current.physicalId());
            }
        };
    }

    /** A provider whose operations act at once and take a fixed time. */
    private abstract static class Simple implements ResourceProvider {
        private final Timing timing;
        private final Set<String> replacing;
        private final Duration duration;

        Simple(Timing timing, Set<String> replacing, Duration duration) {
            this.timing = timing;
            this.replacing = replacing;
            this.duration = duration;
        }

        abstract ResourceResult make(ResourceRequest request);

        ResourceResult change(ResourceRequest request, ResourceState current) {
            return ResourceResult.done(current.physicalId(), current.attributes());
        }

        abstract void remove(ResourceState current);

        @Override
        public final ResourceOperation create(ResourceRequest request) {
            return timing.perform(SERVICE, duration, () -> make(request));
        }

        @Override
        public final ResourceOperation update(ResourceRequest request, ResourceState current) {
            return timing.perform(SERVICE, Duration.ofSeconds(1), () -> change(request, current));
        }

        @Override
        public final ResourceOperation delete(ResourceState current) {
            return timing.perform(SERVICE, Duration.ofSeconds(1), () -> {
                remove(current);
                return ResourceResult.done(current.physicalId(), Map.of());
            });
        }

        @Override
        public final boolean replacesOn(String property) {
            return replacing.contains(property);
        }
    }
}
