package dev.berth.engine.deploy;

import dev.berth.engine.rollout.RolloutBounds;

/** An ECS service the stack owns, with what it runs before the deploy and its rollout bounds. */
public record ServiceTarget(String logicalId, String cluster, String service, String serviceArn,
                            String taskDefinitionBefore, RolloutBounds bounds, boolean circuitBreaker, boolean rollback,
                            DeploymentAlarmSettings alarms) {
}
