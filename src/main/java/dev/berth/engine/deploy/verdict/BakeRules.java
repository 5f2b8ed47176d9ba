package dev.berth.engine.deploy.verdict;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * berth's own bake time, as a pure rule: after a rollout completed, the release fails when a task
 * of a service stops on its own (a crash, a failed health check: not a scheduler's scaling stop),
 * when a service no longer runs the task definition the release put there, or when a named alarm
 * is in ALARM. The first failure found is the one named.
 */
public final class BakeRules {
    /** What one poll saw of a service: what it runs, and the tasks that stopped since the bake began. */
    public record ServiceReading(String service, String primaryTaskDefinition, String expectedTaskDefinition,
                                 List<StoppedTask> newlyStopped) {
        public ServiceReading {
            newlyStopped = List.copyOf(newlyStopped);
        }
    }

    /** A task that stopped, with ECS's stop code and reason. */
    public record StoppedTask(String taskId, String stopCode, String reason) {
    }

    /** A named alarm as CloudWatch holds it; {@code state} null when there is no such alarm. */
    public record AlarmReading(String name, String state, String reason, Instant since) {
    }

    private BakeRules() {
    }

    /** Whether ECS stopped the task itself for scaling or a deployment, which says nothing against the release. */
    static boolean scheduled(StoppedTask task) {
        return "ServiceSchedulerInitiated".equals(task.stopCode()) && task.reason() != null
                && task.reason().startsWith("Scaling activity");
    }

    public static Optional<String> failure(List<ServiceReading> services, List<AlarmReading> alarms) {
        for (AlarmReading alarm : alarms) {
            if ("ALARM".equals(alarm.state())) {
                return Optional.of("alarm " + alarm.name() + " went into ALARM" + (alarm.since() == null ? "" : " at " + alarm.since())
                        + (alarm.reason() == null ? "" : " (" + alarm.reason() + ")"));
            }
        }
        for (ServiceReading service : services) {
            for (StoppedTask task : service.newlyStopped()) {
                if (!scheduled(task)) {
                    return Optional.of("service " + service.service() + ": task " + task.taskId() + " stopped"
                            + (task.stopCode() == null ? "" : " (" + task.stopCode() + ")")
                            + (task.reason() == null ? "" : ": " + task.reason()));
                }
            }
            if (service.expectedTaskDefinition() != null
                    && !TaskDefinitionNames.same(service.primaryTaskDefinition(), service.expectedTaskDefinition())) {
                return Optional.of("service " + service.service() + " runs " + TaskDefinitionNames.shortName(service.primaryTaskDefinition())
                        + ", no longer " + TaskDefinitionNames.shortName(service.expectedTaskDefinition()));
            }
        }
        return Optional.empty();
    }
}
