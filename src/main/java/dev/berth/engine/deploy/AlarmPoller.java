package dev.berth.engine.deploy;

import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.AlarmChange;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the services' deployment alarms now and then while a rollout is followed (one
 * DescribeAlarms call every few seconds, none when no service has alarms), so that the timeline
 * marks each change of state. An unanswered call is skipped: the marks only explain.
 */
final class AlarmPoller {
    static final Duration INTERVAL = Duration.ofSeconds(3);

    private final CloudWatchClient cloudWatch;
    private final List<String> alarms;
    private final Clock clock;
    private final DeploymentListener listener;
    private final String source;
    private final Map<String, String> states = new HashMap<>();
    private final List<AlarmChange> changes = new ArrayList<>();
    private Instant next;

    AlarmPoller(CloudWatchClient cloudWatch, List<String> alarms, Clock clock, DeploymentListener listener, String source) {
        this.cloudWatch = cloudWatch;
        this.alarms = List.copyOf(alarms);
        this.clock = clock;
        this.listener = listener;
        this.source = source;
    }

    static List<String> alarmsOf(PreFlightReport pre) {
        return pre.services().stream().filter(s -> s.alarms() != null && s.alarms().watched())
                .flatMap(s -> s.alarms().alarmNames().stream()).distinct().toList();
    }

    void poll() {
        Instant now = clock.instant();
        if (cloudWatch == null || alarms.isEmpty() || (next != null && now.isBefore(next))) {
            return;
        }
        next = now.plus(INTERVAL);
        List<MetricAlarm> found;
        try {
            found = cloudWatch.describeAlarms(r -> r.alarmNames(alarms)).metricAlarms();
        } catch (SdkException e) {
            return;
        }
        for (MetricAlarm alarm : found) {
            String state = alarm.stateValueAsString();
            String before = states.put(alarm.alarmName(), state);
            if (!state.equals(before)) {
                changes.add(new AlarmChange(now, alarm.alarmName(), before, state, alarm.stateReason()));
                if (before != null) {
                    listener.on(new BerthEvent.PhaseChanged(now, source, "alarm", alarm.alarmName() + " " + before + " -> "
                            + state + (alarm.stateReason() == null ? "" : " (" + alarm.stateReason() + ")")));
                }
            }
        }
    }

    List<AlarmChange> changes() {
        return List.copyOf(changes);
    }
}
