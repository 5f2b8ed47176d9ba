package dev.berth.engine.deploy;

import dev.berth.engine.rollout.RolloutBounds;

/**
 * An ECS service the stack owns, with what it runs before the deploy, its rollout bounds, and
 * whether the rollout has room on the cluster's container instances ({@code capacity}), and its
 * deployment alarms.
 */
public record ServiceTarget(String logicalId, String cluster, String service, String serviceArn,
                            String taskDefinitionBefore, RolloutBounds bounds, boolean circuitBreaker, boolean rollback,
                            dev.berth.engine.capacity.RoomCheck capacity, DeploymentAlarmSettings alarms) {
}
