package dev.berth.engine.deploy.verdict;

/**
 * What one DescribeServices answer says of a service, reduced to what the verdict depends on:
 * the task definition the service is set to, and its PRIMARY deployment. {@code found} is false
 * when ECS does not know the service (deleted, or never created).
 */
public record ServiceState(String serviceArn, boolean found, String status, String taskDefinition,
                           String primaryTaskDefinition, String primaryRolloutState, int deployments, int running,
                           int desired, String deploymentController, String strategy) {

    public static ServiceState missing(String serviceArn) {
        return new ServiceState(serviceArn, false, null, null, null, null, 0, 0, 0, null, null);
    }

    /** Whether the service runs {@code expected} as its PRIMARY deployment and that rollout is COMPLETED. */
    public boolean runsCompleted(String expected) {
        return found && "ACTIVE".equals(status) && expected != null
                && TaskDefinitionNames.same(primaryTaskDefinition, expected) && "COMPLETED".equals(primaryRolloutState);
    }

    /** How a person would describe what the service runs now. */
    public String describe() {
        if (!found) {
            return "is not found in ECS";
        }
        if (!"ACTIVE".equals(status)) {
            return "is " + status;
        }
        return "runs " + TaskDefinitionNames.shortName(primaryTaskDefinition) + " (primary deployment, rollout "
                + (primaryRolloutState == null ? "state not reported" : primaryRolloutState) + ", " + running + "/"
                + desired + " tasks" + (deployments > 1 ? ", " + deployments + " deployments" : "") + ")";
    }
}
