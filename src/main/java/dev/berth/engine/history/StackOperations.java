package dev.berth.engine.history;

import dev.berth.engine.stack.CloudFormationMessages;
import dev.berth.engine.stack.StackStatuses;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a stack's events (oldest first) into operations, from state alone: an operation starts
 * at a stack event with an in-progress status when none is open (or at a "User Initiated" one)
 * and ends at the next stack event with a final status. For each it keeps what names its
 * version: the image in the task definition's ResourceProperties when the events carry them,
 * and the task definitions the operation registered (physical ids of their events).
 */
final class StackOperations {
    private StackOperations() {
    }

    /** One operation on the stack. {@code end} is null while it runs. */
    static final class Operation {
        final StackEvent start;
        StackEvent end;
        String imageFromProperties;
        String taskDefinition;
        boolean registeredTaskDefinition;
        /** Whether any resource's event was seen: without them, "registered no task definition" is unknown. */
        boolean resourceEvents;

        Operation(StackEvent start) {
            this.start = start;
        }
    }

    static List<Operation> split(List<StackEvent> oldestFirst, PropertiesReader properties) {
        List<Operation> operations = new ArrayList<>();
        Operation current = null;
        boolean rollingBack = false;
        for (StackEvent event : oldestFirst) {
            boolean stackEvent = "AWS::CloudFormation::Stack".equals(event.resourceType())
                    && event.logicalResourceId().equals(event.stackName());
            String status = event.resourceStatusAsString();
            if (stackEvent && StackStatuses.inProgress(status)
                    && (current == null || CloudFormationMessages.USER_INITIATED.equals(event.resourceStatusReason()))) {
                current = new Operation(event);
                operations.add(current);
                rollingBack = false;
                continue;
            }
            if (current == null) {
                continue;
            }
            current.resourceEvents |= !stackEvent;
            if (stackEvent) {
                rollingBack |= status != null && status.contains("ROLLBACK");
                if (StackStatuses.terminal(status)) {
                    current.end = event;
                    current = null;
                }
            } else if ("AWS::ECS::TaskDefinition".equals(event.resourceType()) && !rollingBack && status != null
                    && !status.startsWith("DELETE_")) { // the clean-up after an update deletes the old one
                current.registeredTaskDefinition = true;
                if (current.imageFromProperties == null && status.endsWith("_IN_PROGRESS") && event.resourceProperties() != null) {
                    current.imageFromProperties = properties.image(event.resourceProperties());
                }
                if (status.endsWith("_COMPLETE") && event.physicalResourceId() != null && !event.physicalResourceId().isEmpty()) {
                    current.taskDefinition = event.physicalResourceId();
                }
            }
        }
        return operations;
    }

    /** Reads the first container's image from a task definition's ResourceProperties (JSON). */
    @FunctionalInterface
    interface PropertiesReader {
        String image(String resourceProperties);
    }
}
