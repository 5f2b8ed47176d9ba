package dev.berth.sim.ecs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deployment alarms as ECS applies them: during the rollout and the bake time after it, an alarm
 * that goes into ALARM after the deployment started fails the deployment (an alarm already in
 * ALARM when it started is not held against it). ECS computes the bake time from the alarms'
 * configuration; the simulator takes the longest span of data one of them judges (period ×
 * evaluation periods) plus one minute, so that every alarm is evaluated at least once on data of
 * the new version alone.
 */
final class DeploymentAlarmWatch {
    static final Duration BAKE_MARGIN = Duration.ofMinutes(1);

    private volatile AlarmStates states = AlarmStates.NONE;

    void use(AlarmStates states) {
        this.states = states == null ? AlarmStates.NONE : states;
    }

    /** The deployment's alarms now in ALARM, having gone there after it started. */
    List<String> triggered(String region, SimDeployment deployment) {
        List<String> fired = new ArrayList<>();
        if (!deployment.settings.watchesAlarms() || deployment.rollback) {
            return fired;
        }
        for (String name : deployment.settings.alarmNames()) {
            Optional<AlarmStates.Alarm> alarm = states.alarm(region, name);
            if (alarm.isPresent() && "ALARM".equals(alarm.get().state()) && alarm.get().stateUpdatedAt() != null
                    && !alarm.get().stateUpdatedAt().isBefore(deployment.createdAt)) {
                fired.add(name);
            }
        }
        return fired;
    }

    Duration bakeTime(String region, SimDeployment deployment) {
        Duration longest = Duration.ZERO;
        for (String name : deployment.settings.alarmNames()) {
            Optional<AlarmStates.Alarm> alarm = states.alarm(region, name);
            if (alarm.isPresent() && alarm.get().window().compareTo(longest) > 0) {
                longest = alarm.get().window();
            }
        }
        return longest.plus(BAKE_MARGIN);
    }
}
