package dev.berth.sim.cloudwatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs an alarm's actions as CloudWatch does: those of the state it enters (AlarmActions,
 * OKActions, InsufficientDataActions), when its actions are enabled. Auto Scaling actions are
 * the exception AWS documents: they are invoked again every {@link #AUTO_SCALING_REPEAT} the
 * alarm stays in that state, so a group keeps scaling while the breach lasts.
 */
public final class AlarmActions {
    static final Duration AUTO_SCALING_REPEAT = Duration.ofMinutes(1);

    /** Something an alarm action's ARN can name. */
    public interface Target {
        boolean handles(String arn);

        /** {@code breach}: the alarm's latest value minus its threshold, or null when there is none. */
        void invoke(String arn, Double breach);
    }

    private final List<Target> targets = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> lastInvoked = new ConcurrentHashMap<>();

    public void addTarget(Target target) {
        targets.add(target);
    }

    /** After an evaluation or SetAlarmState: runs what is due for the alarm's state. */
    void evaluated(SimAlarm alarm, boolean transitioned, Double value, Instant now) {
        if (!alarm.actionsEnabled) {
            return;
        }
        List<String> actions = switch (alarm.state) {
            case "ALARM" -> alarm.alarmActions;
            case "OK" -> alarm.okActions;
            default -> alarm.insufficientDataActions;
        };
        Instant last = lastInvoked.get(alarm.arn);
        boolean repeat = last != null && !now.isBefore(last.plus(AUTO_SCALING_REPEAT));
        if (!transitioned && !repeat) {
            return;
        }
        Double breach = value == null ? null : value - alarm.threshold;
        boolean invokedAutoScaling = false;
        for (String arn : actions) {
            boolean autoScaling = arn.startsWith("arn:aws:autoscaling:");
            if (!transitioned && !autoScaling) {
                continue;
            }
            for (Target target : targets) {
                if (target.handles(arn)) {
                    target.invoke(arn, breach);
                }
            }
            invokedAutoScaling |= autoScaling;
        }
        if (invokedAutoScaling) {
            lastInvoked.put(alarm.arn, now);
        } else {
            lastInvoked.remove(alarm.arn);
        }
    }
}
