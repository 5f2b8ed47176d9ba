package dev.berth.sim.ecs;

import java.util.function.Consumer;

/**
 * What ECS needs from Elastic Load Balancing: registering a task as a target, learning whether it
 * passes the target group's health checks, and draining it on the way out.
 */
public interface LoadBalancing {
    /** A simulator without load balancers: no target group exists. */
    LoadBalancing NONE = new LoadBalancing() {
        @Override
        public boolean targetGroupExists(String region, String targetGroupArn) {
            return false;
        }

        @Override
        public boolean attachedToLoadBalancer(String region, String targetGroupArn) {
            return false;
        }

        @Override
        public boolean ipTargets(String region, String targetGroupArn) {
            return false;
        }

        @Override
        public void register(String region, String targetGroupArn, String targetId, int port, boolean passes,
                             Consumer<Boolean> healthDecided) {
            throw new IllegalStateException("no load balancing in this simulator");
        }

        @Override
        public void deregister(String region, String targetGroupArn, String targetId, int port, Runnable drained) {
            drained.run();
        }
    };

    boolean targetGroupExists(String region, String targetGroupArn);

    /** ECS accepts a service's target group only once a listener or rule of a load balancer forwards to it. */
    boolean attachedToLoadBalancer(String region, String targetGroupArn);

    /** Whether the target group registers IP addresses rather than instances. */
    boolean ipTargets(String region, String targetGroupArn);

    /**
     * Registers a target; {@code healthDecided} is called once with true when the health checks pass
     * (after interval × healthy threshold) or false when they fail (interval × unhealthy threshold).
     */
    void register(String region, String targetGroupArn, String targetId, int port, boolean passes,
                  Consumer<Boolean> healthDecided);

    /** Deregisters a target; {@code drained} is called when the deregistration delay has passed. */
    void deregister(String region, String targetGroupArn, String targetId, int port, Runnable drained);

    /**
     * The CloudWatch dimensions under which the load balancer reports this target group's metrics:
     * one {@code TargetGroup}/{@code LoadBalancer} pair per load balancer that forwards to it.
     */
    default java.util.List<java.util.Map<String, String>> metricDimensions(String region, String targetGroupArn) {
        return java.util.List.of();
    }
}
