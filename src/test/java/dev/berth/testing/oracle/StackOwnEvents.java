package dev.berth.testing.oracle;

import org.w3c.dom.Element;

/**
 * Where CloudFormation departs from its own model: a stack's own events (resource type
 * AWS::CloudFormation::Stack, physical id the stack's id) carry the stack's status in
 * {@code ResourceStatus}, so {@code REVIEW_IN_PROGRESS} or {@code UPDATE_COMPLETE_CLEANUP_IN_PROGRESS}
 * appear there although {@code ResourceStatus} does not list them (the AWS SDK exposes them as
 * unknown values; see aws/aws-sdk issue 248, "CloudFormation events resource status values
 * contains values from StackStatus enum"). Those are checked against {@code StackStatus}; every
 * other event's status must be a {@code ResourceStatus}.
 */
final class StackOwnEvents {
    private StackOwnEvents() {
    }

    /** Checks the stack's own events' statuses and takes them out of the generic check. */
    static void check(Element result, ShapeChecker checker) {
        for (Element events : ShapeChecker.children(result)) {
            if (!events.getTagName().equals("StackEvents")) {
                continue;
            }
            int i = 0;
            for (Element event : ShapeChecker.children(events)) {
                String path = "$.StackEvents[" + i++ + "].ResourceStatus";
                if (!"AWS::CloudFormation::Stack".equals(text(event, "ResourceType"))
                        || !String.valueOf(text(event, "StackId")).equals(text(event, "PhysicalResourceId"))) {
                    continue;
                }
                for (Element field : ShapeChecker.children(event)) {
                    if (field.getTagName().equals("ResourceStatus")) {
                        checker.text(field.getTextContent(), "StackStatus", path);
                        event.removeChild(field);
                    }
                }
            }
        }
    }

    private static String text(Element parent, String tag) {
        for (Element child : ShapeChecker.children(parent)) {
            if (child.getTagName().equals(tag)) {
                return child.getTextContent();
            }
        }
        return null;
    }
}
