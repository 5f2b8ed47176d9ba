package dev.berth.sim.cloudformation.resources;

import java.util.List;

/** The instances of an Auto Scaling group its provider launched, as CloudFormation's rolling update replaces them. */
public interface InstanceFleet {
    /** The ids of the group's pending and in-service instances, oldest first. */
    List<String> live(String region, String group);

    /** Terminates these instances as the group does (draining first) and launches {@code launch} new ones; answers their ids. */
    List<String> replace(String region, String group, List<String> terminate, int launch);
}
