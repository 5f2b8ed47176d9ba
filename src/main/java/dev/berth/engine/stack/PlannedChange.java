package dev.berth.engine.stack;

import java.util.List;

/** One resource change of a change set: what happens to it and why. */
public record PlannedChange(String action, String logicalId, String resourceType, String physicalId, String replacement,
                            List<String> causes) {

    /** One line: {@code Modify TaskDefinition (AWS::ECS::TaskDefinition) replacement: True, because Version}. */
    public String summary() {
        StringBuilder text = new StringBuilder(action).append(' ').append(logicalId).append(" (").append(resourceType).append(')');
        if (replacement != null) {
            text.append(" replacement: ").append(replacement);
        }
        if (!causes.isEmpty()) {
            text.append(", because ").append(String.join(", ", causes));
        }
        return text.toString();
    }
}
