package dev.berth.engine.rollout;

import java.util.List;
import java.util.Map;

/** What watching rollouts showed: each service's verdict, the polls' timeline and the AWS calls made, by action. */
public record RolloutEvidence(List<ServiceResult> services, List<TimelineSample> timeline, Map<String, Integer> apiCalls) {
    /** A verdict reached without watching any rollout. */
    public static final RolloutEvidence NONE = new RolloutEvidence(List.of(), List.of(), Map.of());

    public RolloutEvidence {
        services = List.copyOf(services);
        timeline = List.copyOf(timeline);
        apiCalls = Map.copyOf(apiCalls);
    }
}
