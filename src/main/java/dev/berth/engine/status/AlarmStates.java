package dev.berth.engine.status;

import dev.berth.engine.aws.AwsErrors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the states of the services' deployment alarms, up to 100 alarms a DescribeAlarms call. */
public final class AlarmStates {
    private final CloudWatchClient cloudWatch;

    public AlarmStates(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    /** Whether any of the services watches deployment alarms, so that CloudWatch needs asking at all. */
    public static boolean needed(List<ServiceStatus> statuses) {
        return statuses.stream().anyMatch(s -> !s.alarmSettings().alarmNames().isEmpty());
    }

    public List<ServiceStatus> fill(List<ServiceStatus> statuses) {
        List<String> names = statuses.stream().flatMap(s -> s.alarmSettings().alarmNames().stream()).distinct().toList();
        Map<String, MetricAlarm> found = new HashMap<>();
        for (int i = 0; i < names.size(); i += 100) {
            List<String> chunk = names.subList(i, Math.min(names.size(), i + 100));
            try {
                cloudWatch.describeAlarms(r -> r.alarmNames(chunk).maxRecords(100)).metricAlarms()
                        .forEach(a -> found.put(a.alarmName(), a));
            } catch (SdkException e) {
                throw AwsErrors.wrap("failed to describe the deployment alarms " + String.join(", ", chunk), e);
            }
        }
        List<ServiceStatus> filled = new ArrayList<>();
        for (ServiceStatus status : statuses) {
            List<AlarmStatus> alarms = status.alarmSettings().alarmNames().stream().map(name -> {
                MetricAlarm alarm = found.get(name);
                return alarm == null ? new AlarmStatus(name, null, null, null)
                        : new AlarmStatus(name, alarm.stateValueAsString(), alarm.stateReason(), alarm.stateUpdatedTimestamp());
            }).toList();
            filled.add(status.withAlarms(alarms));
        }
        return filled;
    }
}
