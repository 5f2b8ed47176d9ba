package dev.berth.report;

import dev.berth.engine.Outcome;
import dev.berth.engine.deploy.DeployResult;
import dev.berth.engine.rollout.DeploymentView;
import dev.berth.engine.rollout.RolloutResult;
import dev.berth.engine.rollout.ServiceResult;
import dev.berth.engine.rollout.TaskDefinitions;
import dev.berth.engine.rollout.TimelineSample;
import dev.berth.engine.stack.StackEventView;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a report shows, whichever command produced it: a deploy or rollback (through a stack) or a
 * wait (on services). {@code subject} is the stack, or the cluster for a wait; {@code from} and
 * {@code to} are versions for a stack, task definitions for a wait.
 */
public record Report(
        String command,
        Outcome outcome,
        String reason,
        String subject,
        String from,
        String to,
        String digest,
        String who,
        String approvedBy,
        String why,
        String stackStatus,
        String recovery,
        Instant startedAt,
        Instant finishedAt,
        List<ServiceResult> services,
        List<TimelineSample> timeline,
        List<StackEventView> stackEvents,
        List<dev.berth.engine.rollout.AlarmChange> alarmChanges) {

    public Report {
        alarmChanges = alarmChanges == null ? List.of() : List.copyOf(alarmChanges);
    }

    /** A report without deployment alarms to mark. */
    public Report(String command, Outcome outcome, String reason, String subject, String from, String to, String digest,
                  String who, String approvedBy, String why, String stackStatus, String recovery, Instant startedAt,
                  Instant finishedAt, List<ServiceResult> services, List<TimelineSample> timeline,
                  List<StackEventView> stackEvents) {
        this(command, outcome, reason, subject, from, to, digest, who, approvedBy, why, stackStatus, recovery, startedAt,
                finishedAt, services, timeline, stackEvents, List.of());
    }

    public static Report of(String command, DeployResult r) {
        return new Report(command, r.outcome(), r.reason(), r.stack(), r.previousVersion(), r.version(),
                r.image() == null ? null : r.image().digest(), r.who(), r.approvedBy(), r.why(), r.stackStatus(),
                r.recovery(), r.startedAt(), r.finishedAt(), r.services(), r.timeline(), r.stackEvents(), r.alarmChanges());
    }

    public static Report of(String command, RolloutResult r) {
        String from = null;
        String to = null;
        if (r.services().size() == 1) {
            ServiceResult service = r.services().get(0);
            to = TaskDefinitions.shortName(service.expectedTaskDefinition());
            from = r.timeline().stream().filter(s -> s.service().equals(service.service())).findFirst()
                    .flatMap(s -> s.deployments().stream().filter(d -> !isNew(d, service)).findFirst())
                    .map(DeploymentView::taskDefinitionName).orElse(null);
        }
        return new Report(command, r.outcome(), r.reason(), r.cluster(), from, to, null, null, null, null, null,
                null, r.startedAt(), r.finishedAt(), r.services(), r.timeline(), List.of());
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** Seconds from the start of the command to {@code at}: the chart's time axis. */
    public double secondsAt(Instant at) {
        return Duration.between(startedAt, at).toMillis() / 1000.0;
    }

    /** A rollback happened: asked for (berth rollback), or the release failed and the service is back on the old version. */
    public boolean rolledBack() {
        return "rollback".equals(command) || outcome == Outcome.ROLLED_BACK;
    }

    /**
     * Whether a deployment is the release being judged: the deployment berth judged, else one
     * running the task definition the service was expected to run (the PRIMARY one when nothing
     * was expected). By id first, since a forced new deployment runs the same task definition.
     */
    public static boolean isNew(DeploymentView deployment, ServiceResult service) {
        if (service.deploymentId() != null) {
            return service.deploymentId().equals(deployment.id());
        }
        String expected = service.expectedTaskDefinition();
        if (expected == null) {
            return deployment.primary();
        }
        return Objects.equals(TaskDefinitions.shortName(deployment.taskDefinition()), TaskDefinitions.shortName(expected));
    }
}
