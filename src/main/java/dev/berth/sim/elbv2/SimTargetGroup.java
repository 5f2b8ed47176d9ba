package dev.berth.sim.elbv2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A target group: health-check settings, attributes, and its targets with their health. */
final class SimTargetGroup {
    final String arn;
    final String name;
    final String protocol;
    final int port;
    final String vpcId;
    final String targetType;
    final Instant createdAt;
    String healthCheckPath = "/";
    String healthCheckProtocol;
    String healthCheckPort = "traffic-port";
    int intervalSeconds = 30;
    int timeoutSeconds = 5;
    int healthyThreshold = 5;
    int unhealthyThreshold = 2;
    String matcher = "200";
    final Map<String, String> attributes = new LinkedHashMap<>();
    final List<String> loadBalancerArns = new ArrayList<>();
    final Map<String, SimTarget> targets = new LinkedHashMap<>();

    SimTargetGroup(String arn, String name, String protocol, int port, String vpcId, String targetType, Instant createdAt) {
        this.arn = arn;
        this.name = name;
        this.protocol = protocol;
        this.port = port;
        this.vpcId = vpcId;
        this.targetType = targetType;
        this.createdAt = createdAt;
        this.healthCheckProtocol = protocol;
        attributes.put("deregistration_delay.timeout_seconds", "300");
        attributes.put("stickiness.enabled", "false");
        attributes.put("load_balancing.algorithm.type", "round_robin");
        attributes.put("slow_start.duration_seconds", "0");
    }

    int deregistrationDelaySeconds() {
        try {
            return Integer.parseInt(attributes.getOrDefault("deregistration_delay.timeout_seconds", "300"));
        } catch (NumberFormatException e) {
            return 300;
        }
    }

    static String key(String id, int port) {
        return id + ":" + port;
    }

    /** One registered target and its health as DescribeTargetHealth reports it. */
    static final class SimTarget {
        final String id;
        final int port;
        String state = "initial";
        String reason = "Elb.RegistrationInProgress";
        String description = "Target registration is in progress";

        SimTarget(String id, int port) {
            this.id = id;
            this.port = port;
        }

        void set(String newState, String newReason, String newDescription) {
            state = newState;
            reason = newReason;
            description = newDescription;
        }
    }
}
