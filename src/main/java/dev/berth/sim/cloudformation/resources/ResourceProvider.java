package dev.berth.sim.cloudformation.resources;

/** Creates, changes and deletes one type of resource for CloudFormation. */
public interface ResourceProvider {
    ResourceOperation create(ResourceRequest request);

    /** Changes the resource in place to {@code request}'s properties. */
    ResourceOperation update(ResourceRequest request, ResourceState current);

    ResourceOperation delete(ResourceState current);

    /** Whether a change of this top-level property needs a new physical resource. */
    boolean replacesOn(String property);

    /**
     * Whether the provider launches instances itself and sends their cfn-signal through
     * {@link ResourceSignals}; otherwise CloudFormation's simulator signals on their behalf.
     */
    default boolean signalsForInstances() {
        return false;
    }

    /** The instances the provider launched, when it launches any (an Auto Scaling group). */
    default java.util.Optional<InstanceFleet> instances() {
        return java.util.Optional.empty();
    }
}
