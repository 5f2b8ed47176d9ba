package dev.berth.sim.cloudformation.resources;

import dev.berth.sim.SimWorld;

import java.time.Instant;
import java.util.List;

/**
 * Where resource signals go. Instances whose UserData runs cfn-signal signal the resource that
 * launched them; the simulator sends those signals on their behalf once each instance has booted.
 * A provider that launches instances calls {@link #afterLaunch}; CloudFormation receives them.
 */
public final class ResourceSignals {
    /** What receives a signal: false when the resource is not waiting for one. */
    @FunctionalInterface
    public interface Receiver {
        boolean signal(String region, String stackId, String logicalId, String uniqueId, boolean success);
    }

    private final SimWorld world;
    private volatile Receiver receiver = (region, stackId, logicalId, uniqueId, success) -> false;

    public ResourceSignals(SimWorld world) {
        this.world = world;
    }

    public void connect(Receiver receiver) {
        this.receiver = receiver;
    }

    /** Each instance signals SUCCESS for the resource at {@code bootedAt}; call it only when the UserData signals. */
    public void afterLaunch(ResourceRequest request, List<String> instanceIds, Instant bootedAt) {
        for (String instanceId : List.copyOf(instanceIds)) {
            world.at(bootedAt, () -> receiver.signal(request.region(), request.stackId(), request.logicalId(), instanceId, true));
        }
    }

    public boolean signal(String region, String stackId, String logicalId, String uniqueId, boolean success) {
        return receiver.signal(region, stackId, logicalId, uniqueId, success);
    }
}
