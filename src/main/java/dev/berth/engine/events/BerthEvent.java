package dev.berth.engine.events;

import dev.berth.engine.Outcome;
import dev.berth.engine.rollout.DeploymentView;
import dev.berth.engine.rollout.StoppedTask;

import java.time.Instant;
import java.util.List;

/** What the engine tells its listener. {@code source} is what the line is about, e.g. {@code cluster/service}. */
public sealed interface BerthEvent {
    Instant at();

    String source();

    /** A step of the verb began, e.g. "watching rollout". */
    record PhaseChanged(Instant at, String source, String phase, String detail) implements BerthEvent {
    }

    /** The deployments of a service changed: counts, task definitions or rollout states. */
    record DeploymentSnapshot(Instant at, String source, List<DeploymentView> deployments) implements BerthEvent {
    }

    /** A new ECS service event message. */
    record ServiceEventObserved(Instant at, String source, Instant createdAt, String message) implements BerthEvent {
    }

    /** A task of the rollout stopped, with the reason ECS gave. */
    record TaskStopped(Instant at, String source, StoppedTask task) implements BerthEvent {
    }

    /** Something the user should know that does not change the verdict. */
    record Warning(Instant at, String source, String message) implements BerthEvent {
    }

    /** A new CloudFormation stack event (of the stack or of a nested stack). */
    record StackEventObserved(Instant at, String source, Instant timestamp, String logicalId, String resourceType,
                              String status, String reason) implements BerthEvent {
    }

    /** The change set is ready: what the update will do. */
    record ChangeSetReady(Instant at, String source, List<dev.berth.engine.stack.PlannedChange> changes)
            implements BerthEvent {
    }

    /** A poll of a service: how near the end the rollout looks, and when berth asks again. */
    record Polled(Instant at, String source, dev.berth.engine.rollout.PollPolicy.Stage stage, java.time.Duration nextPollIn)
            implements BerthEvent {
    }

    /** A service reached its verdict. */
    record VerdictReached(Instant at, String source, Outcome outcome, String reason) implements BerthEvent {
    }
}
