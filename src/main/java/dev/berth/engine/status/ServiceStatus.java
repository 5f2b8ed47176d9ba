package dev.berth.engine.status;

import dev.berth.engine.rollout.DeploymentView;
import dev.berth.engine.rollout.RolloutBounds;
import dev.berth.engine.rollout.ServiceEventView;

import java.util.List;

/** A service as it is now: counts, deployment configuration with its bounds, deployments, recent events. */
public record ServiceStatus(
        String service,
        String status,
        String taskDefinition,
        int desired,
        int running,
        int pending,
        RolloutBounds bounds,
        boolean circuitBreaker,
        boolean rollback,
        List<DeploymentView> deployments,
        List<ServiceEventView> recentEvents,
        dev.berth.engine.deploy.DeploymentAlarmSettings alarmSettings,
        List<AlarmStatus> alarms) {

    /** The same status with the deployment alarms' states as CloudWatch holds them. */
    public ServiceStatus withAlarms(List<AlarmStatus> states) {
        return new ServiceStatus(service, status, taskDefinition, desired, running, pending, bounds, circuitBreaker, rollback,
                deployments, recentEvents, alarmSettings, List.copyOf(states));
    }
}
