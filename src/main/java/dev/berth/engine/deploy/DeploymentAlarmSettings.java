package dev.berth.engine.deploy;

import software.amazon.awssdk.services.ecs.model.DeploymentAlarms;
import software.amazon.awssdk.services.ecs.model.Service;

import java.util.List;
import java.util.Optional;

/** A service's deployment alarms as ECS holds them ({@code deploymentConfiguration.alarms}). */
public record DeploymentAlarmSettings(List<String> alarmNames, boolean enabled, boolean rollback) {
    public static final DeploymentAlarmSettings NONE = new DeploymentAlarmSettings(List.of(), false, false);

    public DeploymentAlarmSettings {
        alarmNames = List.copyOf(alarmNames);
    }

    public static DeploymentAlarmSettings of(Service service) {
        DeploymentAlarms alarms = service.deploymentConfiguration() == null ? null : service.deploymentConfiguration().alarms();
        if (alarms == null) {
            return NONE;
        }
        return new DeploymentAlarmSettings(alarms.hasAlarmNames() ? alarms.alarmNames() : List.of(),
                Boolean.TRUE.equals(alarms.enable()), Boolean.TRUE.equals(alarms.rollback()));
    }

    /** Whether ECS watches alarms during this service's deployments. */
    public boolean watched() {
        return enabled && !alarmNames.isEmpty();
    }

    /** A warning for alarms that fail a deployment without rolling it back. */
    public Optional<String> warning(String service) {
        if (watched() && !rollback) {
            return Optional.of("service " + service + " has deployment alarms (" + String.join(", ", alarmNames)
                    + ") without rollback: when one goes into ALARM, ECS fails the deployment and leaves the failing "
                    + "version running; set their rollback to true");
        }
        return Optional.empty();
    }

    /** How the plan and status describe the alarms. */
    public String describe() {
        if (!watched()) {
            return alarmNames.isEmpty() ? "off" : "off (" + String.join(", ", alarmNames) + " not enabled)";
        }
        return String.join(", ", alarmNames) + (rollback ? ", with rollback" : ", without rollback");
    }
}
