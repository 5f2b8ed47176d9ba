package dev.berth.sim.elbv2;

import java.time.Instant;
import java.util.List;

/** An Application Load Balancer. */
record SimLoadBalancer(String arn, String name, String dnsName, String scheme, String type, String vpcId,
                       List<String> subnets, List<String> securityGroups, Instant createdAt) {

    /** The {@code app/name/id} part of the ARN, used in CloudWatch dimensions. */
    String fullName() {
        return arn.substring(arn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
    }
}
