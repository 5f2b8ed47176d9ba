package dev.berth.engine.history;

import dev.berth.engine.deploy.OperationTokens;

import java.time.Instant;
import java.util.Objects;

/**
 * One operation on a stack: when it ran ({@code finishedAt} null while it runs), what CloudFormation
 * did and how it ended, who ran it (null when berth did not), and which version it set.
 */
public record HistoryEntry(Instant startedAt, Instant finishedAt, Operation operation, OperationTokens.Parsed ranBy,
                           FoundVersion found) {

    public HistoryEntry {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(operation, "operation");
        found = found == null ? FoundVersion.NONE : found;
    }

    /** berth's verb when berth ran it, else CloudFormation's kind of operation. */
    public String verb() {
        return ranBy == null ? operation.kind() : ranBy.verb().command();
    }

    /** The version it set, or null when it could not be found. */
    public String version() {
        return found.version();
    }

    public boolean succeeded() {
        return operation.outcome() == Ending.SUCCEEDED;
    }

    /** The same operation, its version read elsewhere. */
    HistoryEntry withVersion(FoundVersion other) {
        return new HistoryEntry(startedAt, finishedAt, operation, ranBy, other);
    }

    /**
     * The stack operation: its {@code kind} (update, create, ...), the stack's status at its end
     * (or now, while it runs), how berth names that end, and the ClientRequestToken it ran with.
     */
    public record Operation(String kind, String stackStatus, Ending outcome, String clientRequestToken) {
        public Operation {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * The version an operation set, its image, and where it was read ({@code from}: the task
     * definition's properties in the events, its image in ECS, berth's change set, the stack's
     * parameter, or an earlier operation when this one registered no task definition). All null
     * when it was found nowhere, and then the history is incomplete.
     */
    public record FoundVersion(String version, String image, String from) {
        public static final FoundVersion NONE = new FoundVersion(null, null, null);

        public boolean found() {
            return from != null;
        }
    }

    /** How an operation ended, in berth's outcome names where they apply. */
    public enum Ending {
        SUCCEEDED, ROLLED_BACK, NEEDS_ATTENTION, FAILED, DELETED, IN_PROGRESS;

        /** @param finalStatus the stack's status at the operation's end; null while it runs */
        public static Ending of(String finalStatus) {
            if (finalStatus == null) {
                return IN_PROGRESS;
            }
            return switch (finalStatus) {
                case "CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE" -> SUCCEEDED;
                case "UPDATE_ROLLBACK_COMPLETE", "ROLLBACK_COMPLETE", "IMPORT_ROLLBACK_COMPLETE" -> ROLLED_BACK;
                case "UPDATE_ROLLBACK_FAILED", "ROLLBACK_FAILED" -> NEEDS_ATTENTION;
                case "DELETE_COMPLETE" -> DELETED;
                default -> FAILED;
            };
        }
    }
}
