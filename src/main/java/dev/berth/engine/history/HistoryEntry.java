package dev.berth.engine.history;

import java.time.Instant;

/**
 * One operation on a stack: which version it set, when, who ran it (if berth did), and how it
 * ended. {@code approvedBy} is who approved it, when someone did. {@code outcome} uses berth's
 * outcome names; {@code stackStatus} is CloudFormation's.
 */
public record HistoryEntry(Instant startedAt, Instant finishedAt, String operation, String verb, String who,
                           String approvedBy, String version, String image, String outcome, String stackStatus, String clientRequestToken) {

    public boolean succeeded() {
        return "SUCCEEDED".equals(outcome);
    }
}
