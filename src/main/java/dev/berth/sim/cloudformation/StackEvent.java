package dev.berth.sim.cloudformation;

import java.time.Instant;

/** One entry of DescribeStackEvents. */
record StackEvent(String eventId, String stackId, String stackName, String logicalResourceId, String physicalResourceId,
                  String resourceType, Instant timestamp, String resourceStatus, String resourceStatusReason,
                  String resourceProperties, String clientRequestToken) {
}
