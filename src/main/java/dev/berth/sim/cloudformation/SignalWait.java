package dev.berth.sim.cloudformation;

import dev.berth.sim.cloudformation.resources.ResourceOperation;
import dev.berth.sim.cloudformation.resources.ResourceResult;
import dev.berth.sim.cloudformation.signals.SignalPolicy;
import dev.berth.sim.cloudformation.signals.SignalTally;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A resource waiting for its signals until a deadline: it ends when the tally satisfies the policy,
 * when a failure signal breaks it, or when the deadline passes.
 */
final class SignalWait implements ResourceOperation {
    final SignalPolicy policy;
    final SignalTally tally = new SignalTally();
    /** The status signals are reported under: CREATE_IN_PROGRESS, or UPDATE_IN_PROGRESS for a replacement or a rolling update. */
    final String progressStatus;
    private final Instant deadline;

    SignalWait(SignalPolicy policy, String progressStatus, Instant deadline) {
        this.policy = policy;
        this.progressStatus = progressStatus;
        this.deadline = deadline;
    }

    Instant deadline() {
        return deadline;
    }

    @Override
    public Optional<ResourceResult> poll(Instant now) {
        SignalTally.Judgement judgement = tally.judge(policy, !now.isBefore(deadline));
        return switch (judgement.state()) {
            case WAITING -> Optional.empty();
            case SATISFIED -> Optional.of(ResourceResult.done(null, Map.of()));
            case FAILED -> Optional.of(ResourceResult.failed(judgement.reason()));
        };
    }
}
