package dev.berth.engine.deploy;

import dev.berth.engine.Outcome;
import dev.berth.engine.rollout.ServiceResult;
import dev.berth.engine.rollout.TimelineSample;
import dev.berth.engine.stack.PlannedChange;
import dev.berth.engine.stack.StackEventView;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The verdict of a deploy and its evidence: the stack's final status, its events, the change set,
 * every service's rollout, and, when a person must act, the command to run. {@code image} is the
 * version's image and digest when pre-flight found it in ECR, else null. {@code why} is the reason
 * the person gave (--reason), not to be confused with {@code reason}, which explains the outcome.
 */
public record DeployResult(
        Outcome outcome,
        String reason,
        String stack,
        String version,
        PreFlightReport.ImageCheck image,
        String previousVersion,
        String verb,
        String who,
        String approvedBy,
        String why,
        String clientRequestToken,
        String changeSetId,
        String stackStatus,
        Instant startedAt,
        Instant finishedAt,
        List<PlannedChange> changes,
        List<StackEventView> stackEvents,
        List<ServiceResult> services,
        List<TimelineSample> timeline,
        String recovery,
        Map<String, Integer> apiCalls,
        List<dev.berth.engine.rollout.AlarmChange> alarmChanges) {

    public DeployResult {
        alarmChanges = alarmChanges == null ? List.of() : List.copyOf(alarmChanges);
    }

    /** A result without deployment alarms to mark. */
    public DeployResult(Outcome outcome, String reason, String stack, String version, PreFlightReport.ImageCheck image,
                        String previousVersion, String verb, String who, String approvedBy, String why,
                        String clientRequestToken, String changeSetId, String stackStatus, Instant startedAt,
                        Instant finishedAt, List<PlannedChange> changes, List<StackEventView> stackEvents,
                        List<ServiceResult> services, List<TimelineSample> timeline, String recovery,
                        Map<String, Integer> apiCalls) {
        this(outcome, reason, stack, version, image, previousVersion, verb, who, approvedBy, why, clientRequestToken,
                changeSetId, stackStatus, startedAt, finishedAt, changes, stackEvents, services, timeline, recovery, apiCalls,
                List.of());
    }

    /** The same result with the alarm changes berth saw. */
    public DeployResult withAlarmChanges(List<dev.berth.engine.rollout.AlarmChange> changes) {
        return new DeployResult(outcome, reason, stack, version, image, previousVersion, verb, who, approvedBy, why,
                clientRequestToken, changeSetId, stackStatus, startedAt, finishedAt, this.changes, stackEvents, services,
                timeline, recovery, apiCalls, changes);
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
