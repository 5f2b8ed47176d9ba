package dev.berth.engine.deploy;

import dev.berth.engine.BerthException;
import dev.berth.engine.deploy.verdict.BakeRules;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.Sleeper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * berth's bake time: after a rollout completed, keeps reading the stack's services (their PRIMARY
 * task definition, the tasks that stopped since) and the named alarms until the bake time has
 * passed, and hands each reading to {@link BakeRules}. Answers the first failure, or empty.
 */
final class BakeWatch {
    private static final Duration LONGEST_POLL = Duration.ofSeconds(5);
    private static final Duration SHORTEST_POLL = Duration.ofMillis(250);

    /** A service the stack owns, and the task definition the release put there. */
    record Watched(String cluster, String serviceArn, String name, String taskDefinition) {
    }

    private final EcsClient ecs;
    private final CloudWatchClient cloudWatch;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DeploymentListener listener;

    BakeWatch(EcsClient ecs, CloudWatchClient cloudWatch, Clock clock, Sleeper sleeper, DeploymentListener listener) {
        this.ecs = ecs;
        this.cloudWatch = cloudWatch;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    Optional<String> watch(String source, List<Watched> services, List<String> alarms, Duration bakeTime) {
        Instant end = clock.instant().plus(bakeTime);
        Map<String, Set<String>> seen = new HashMap<>();
        for (Watched service : services) {
            seen.put(service.serviceArn(), new HashSet<>(stoppedTasks(service)));
        }
        Duration poll = bakeTime.dividedBy(20);
        poll = poll.compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : poll.compareTo(SHORTEST_POLL) < 0 ? SHORTEST_POLL : poll;
        listener.on(new BerthEvent.PhaseChanged(clock.instant(), source, "bake", "watching " + services.size()
                + " service(s)" + (alarms.isEmpty() ? "" : " and alarm(s) " + String.join(", ", alarms)) + " for "
                + bakeTime.toString().substring(2).toLowerCase(java.util.Locale.ROOT)));
        while (true) {
            Optional<String> failure = BakeRules.failure(read(services, seen), alarms(alarms));
            if (failure.isPresent() || !clock.instant().isBefore(end)) {
                return failure;
            }
            try {
                Duration left = Duration.between(clock.instant(), end);
                sleeper.sleep(left.compareTo(poll) < 0 ? left : poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BerthException("the bake time of stack " + source + " was interrupted", e);
            }
        }
    }

    private List<BakeRules.ServiceReading> read(List<Watched> services, Map<String, Set<String>> seen) {
        List<BakeRules.ServiceReading> readings = new ArrayList<>();
        for (Watched service : services) {
            try {
                List<Service> found = ecs.describeServices(r -> r.cluster(service.cluster()).services(service.serviceArn())).services();
                String primary = found.isEmpty() ? null : PreFlight.runningTaskDefinition(found.get(0));
                List<String> fresh = new ArrayList<>(stoppedTasks(service));
                fresh.removeAll(seen.get(service.serviceArn()));
                List<BakeRules.StoppedTask> stopped = new ArrayList<>();
                if (!fresh.isEmpty()) {
                    for (Task task : ecs.describeTasks(r -> r.cluster(service.cluster()).tasks(fresh.subList(0, Math.min(100, fresh.size()))))
                            .tasks()) {
                        stopped.add(new BakeRules.StoppedTask(task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1),
                                task.stopCodeAsString(), task.stoppedReason()));
                    }
                    seen.get(service.serviceArn()).addAll(fresh);
                }
                readings.add(new BakeRules.ServiceReading(service.name(), primary, service.taskDefinition(), stopped));
            } catch (SdkException e) {
                listener.on(new BerthEvent.Warning(clock.instant(), service.name(), "bake time: cannot read the service ("
                        + e.getMessage() + "); asking again"));
            }
        }
        return readings;
    }

    private List<String> stoppedTasks(Watched service) {
        return ecs.listTasksPaginator(r -> r.cluster(service.cluster()).serviceName(service.name())
                .desiredStatus(DesiredStatus.STOPPED)).taskArns().stream().toList();
    }

    private List<BakeRules.AlarmReading> alarms(List<String> names) {
        List<BakeRules.AlarmReading> readings = new ArrayList<>();
        if (names.isEmpty() || cloudWatch == null) {
            return readings;
        }
        try {
            Map<String, MetricAlarm> found = new HashMap<>();
            cloudWatch.describeAlarms(r -> r.alarmNames(names)).metricAlarms().forEach(a -> found.put(a.alarmName(), a));
            for (String name : names) {
                MetricAlarm alarm = found.get(name);
                readings.add(alarm == null ? new BakeRules.AlarmReading(name, null, null, null)
                        : new BakeRules.AlarmReading(name, alarm.stateValueAsString(), alarm.stateReason(), alarm.stateUpdatedTimestamp()));
            }
        } catch (SdkException e) {
            listener.on(new BerthEvent.Warning(clock.instant(), String.join(",", names), "bake time: cannot read the alarms ("
                    + e.getMessage() + "); asking again"));
        }
        return readings;
    }
}
