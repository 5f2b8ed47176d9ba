package dev.berth.engine.stack;

import java.time.Instant;

/** A CloudFormation stack event as berth reports it. */
public record StackEventView(String stack, String eventId, Instant timestamp, String logicalId, String physicalId,
                             String resourceType, String status, String reason, String clientRequestToken,
                             String resourceProperties) {

    public boolean isStackEvent() {
        return "AWS::CloudFormation::Stack".equals(resourceType) && logicalId.equals(stack);
    }
}
