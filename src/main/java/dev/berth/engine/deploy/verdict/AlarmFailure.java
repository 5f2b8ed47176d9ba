package dev.berth.engine.deploy.verdict;

import java.time.Instant;

/**
 * A deployment alarm that failed a service's deployment, as AWS records it: the alarm ECS names
 * in the service deployment's {@code triggeredAlarmNames}, whether that deployment's alarm
 * configuration asked ECS to roll back, and, from CloudWatch, the reason the alarm gave and when
 * it went into ALARM ({@code firedAt} null when CloudWatch could not say).
 */
public record AlarmFailure(String service, String alarmName, String reason, Instant firedAt, boolean rollback) {
    /** The alarm as a person reads it: name, when it fired, and its reason. */
    public String describe() {
        return "deployment alarm " + alarmName + " of service " + service + " went into ALARM"
                + (firedAt == null ? "" : " at " + firedAt) + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
    }
}
