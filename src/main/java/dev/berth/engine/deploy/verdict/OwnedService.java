package dev.berth.engine.deploy.verdict;

/**
 * An {@code AWS::ECS::Service} a stack owns (nested stacks included) and the task definition the
 * stack's resources say it must run; {@code expectedTaskDefinition} is null when the stack does
 * not say which, and {@code expectedFrom} tells where it was read.
 */
public record OwnedService(String logicalId, String cluster, String serviceArn, String expectedTaskDefinition,
                           String expectedFrom) {

    /** The service's name, the last part of its ARN. */
    public String name() {
        return serviceArn.substring(serviceArn.lastIndexOf('/') + 1);
    }
}
