package dev.berth.engine.rollout;

import java.util.List;
import java.util.Map;

/**
 * What watching rollouts showed: each service's verdict, the polls' timeline, the AWS calls made, by
 * action, and the state changes of the alarms watched.
 */
public record RolloutEvidence(List<ServiceResult> services, List<TimelineSample> timeline, Map<String, Integer> apiCalls,
                              List<AlarmChange> alarmChanges) {
    /** A verdict reached without watching any rollout. */
    public static final RolloutEvidence NONE = new RolloutEvidence(List.of(), List.of(), Map.of());

    public RolloutEvidence {
        services = List.copyOf(services);
        timeline = List.copyOf(timeline);
        apiCalls = Map.copyOf(apiCalls);
        alarmChanges = alarmChanges == null ? List.of() : List.copyOf(alarmChanges);
    }

    /** Evidence without alarms watched. */
    public RolloutEvidence(List<ServiceResult> services, List<TimelineSample> timeline, Map<String, Integer> apiCalls) {
        this(services, timeline, apiCalls, List.of());
    }

    public RolloutEvidence withAlarmChanges(List<AlarmChange> changes) {
        return new RolloutEvidence(services, timeline, apiCalls, changes);
    }
}
