package dev.berth.engine.deploy.verdict;

import java.util.List;

/**
 * What following the update showed besides the final state: whether berth cancelled it at its
 * deadline, whether its rollback grace ran out too, the first resource failure, the resources
 * whose rollback failed, the stopped tasks' evidence, and the last error of a lost answer.
 */
public record Progress(boolean cancelled, boolean graceExpired, String firstFailure, List<String> rollbackFailedResources,
                       String stoppedTasks, String lastError) {
    public Progress {
        rollbackFailedResources = rollbackFailedResources == null ? List.of() : List.copyOf(rollbackFailedResources);
        stoppedTasks = stoppedTasks == null ? "" : stoppedTasks;
    }

    public static final Progress NONE = new Progress(false, false, null, List.of(), "", null);
}
