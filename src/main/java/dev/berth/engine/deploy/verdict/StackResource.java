package dev.berth.engine.deploy.verdict;

/** One resource of a stack or of one of its nested stacks, as ListStackResources names it. */
public record StackResource(String logicalId, String type, String physicalId) {
    public static final String ECS_SERVICE = "AWS::ECS::Service";
    public static final String TASK_DEFINITION = "AWS::ECS::TaskDefinition";
    public static final String NESTED_STACK = "AWS::CloudFormation::Stack";

    public boolean is(String resourceType) {
        return resourceType.equals(type) && physicalId != null && !physicalId.isEmpty();
    }
}
