package dev.berth.engine.rollout;

import java.time.Instant;
import java.util.List;

/** A task that stopped during the rollout and why: ECS's stoppedReason, stop code and exit codes. */
public record StoppedTask(
        String taskId,
        String taskDefinition,
        String deploymentId,
        String stopCode,
        String stoppedReason,
        List<ContainerExit> containers,
        Instant stoppedAt) {

    public record ContainerExit(String name, Integer exitCode, String reason) {
    }

    /** One line: the reason, with exit codes where containers exited. */
    public String summary() {
        StringBuilder text = new StringBuilder(stoppedReason == null ? "stopped" : stoppedReason);
        for (ContainerExit container : containers) {
            if (container.exitCode() != null && container.exitCode() != 0) {
                text.append(" (").append(container.name()).append(" exit ").append(container.exitCode()).append(')');
            } else if (container.reason() != null && !container.reason().equals(stoppedReason)) {
                text.append(" (").append(container.name()).append(": ").append(container.reason()).append(')');
            }
        }
        return text.toString();
    }
}
