package dev.berth.sim.ecs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What ECS reads of CloudWatch to watch a deployment's alarms (ECS calls DescribeAlarms). */
@FunctionalInterface
public interface AlarmStates {
    AlarmStates NONE = (region, name) -> Optional.empty();

    /** An alarm's state, when it was last updated, and the span of data it judges (period × evaluation periods). */
    record Alarm(String state, Instant stateUpdatedAt, Duration window) {
    }

    Optional<Alarm> alarm(String region, String name);
}
