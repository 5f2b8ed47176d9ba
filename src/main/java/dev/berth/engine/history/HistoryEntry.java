package dev.berth.engine.history;

import java.time.Instant;

/**
 * One operation on a stack: which version it set, when, who ran it (if berth did), and how it
 * ended. {@code approvedBy} is who approved it, when someone did. {@code outcome} uses berth's
 * outcome names; {@code stackStatus} is CloudFormation's. {@code versionFrom} says where the version
 * was read (the task definition's properties in the events, its image in ECS, berth's change set,
 * the stack's parameter, or an earlier operation when this one registered no task definition);
 * null when it could not be found, and then the history is incomplete.
 */
public record HistoryEntry(Instant startedAt, Instant finishedAt, String operation, String verb, String who,
                           String approvedBy, String version, String image, String outcome, String stackStatus, String clientRequestToken,
                           String versionFrom) {

    public boolean succeeded() {
        return "SUCCEEDED".equals(outcome);
    }
}
