package dev.berth.engine.stack;

import java.util.Set;

/** What CloudFormation's stack statuses mean for berth. */
public final class StackStatuses {
    private static final Set<String> UPDATABLE = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE",
            "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE");
    private static final Set<String> TERMINAL = Set.of("CREATE_COMPLETE", "CREATE_FAILED", "ROLLBACK_COMPLETE",
            "ROLLBACK_FAILED", "DELETE_COMPLETE", "DELETE_FAILED", "UPDATE_COMPLETE", "UPDATE_FAILED",
            "UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE",
            "IMPORT_ROLLBACK_FAILED");

    private StackStatuses() {
    }

    public static boolean updatable(String status) {
        return status != null && UPDATABLE.contains(status);
    }

    /** No operation is under way: the status will not change by itself. */
    public static boolean terminal(String status) {
        return status != null && TERMINAL.contains(status);
    }

    public static boolean inProgress(String status) {
        return status != null && status.endsWith("_IN_PROGRESS") && !"REVIEW_IN_PROGRESS".equals(status);
    }
}
