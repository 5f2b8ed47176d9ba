package dev.berth.sim.autoscaling;

import dev.berth.sim.http.AwsException;

import java.util.List;

/** The Auto Scaling processes SuspendProcesses and ResumeProcesses name, as AWS lists them. */
final class ScalingProcesses {
    static final String ALARM_NOTIFICATION = "AlarmNotification";
    static final List<String> ALL = List.of("Launch", "Terminate", "AddToLoadBalancer", ALARM_NOTIFICATION, "AZRebalance",
            "HealthCheck", "InstanceRefresh", "ReplaceUnhealthy", "ScheduledActions");

    private ScalingProcesses() {
    }

    /** The processes a call names: all of them when it names none; refuses any name AWS does not know. */
    static List<String> named(List<String> processes) {
        if (processes.isEmpty()) {
            return ALL;
        }
        List<String> unknown = processes.stream().filter(p -> !ALL.contains(p)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw AwsException.client("ValidationError", "Invalid scaling process" + (unknown.size() == 1 ? " " : "es ")
                    + String.join(", ", unknown) + "; valid processes are " + String.join(", ", ALL));
        }
        return processes.stream().distinct().toList();
    }
}
