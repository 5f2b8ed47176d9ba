package dev.berth.engine.stack;

import java.time.Instant;

/**
 * A CloudFormation stack event as berth reports it. {@code timestamp} is CloudFormation's;
 * {@code observedAt} is when berth saw it, on the clock of berth's own timeline.
 */
public record StackEventView(String stack, String eventId, Instant timestamp, String logicalId, String physicalId,
                             String resourceType, String status, String reason, String clientRequestToken,
                             String resourceProperties, Instant observedAt) {

    public boolean isStackEvent() {
        return "AWS::CloudFormation::Stack".equals(resourceType) && logicalId.equals(stack);
    }
}
