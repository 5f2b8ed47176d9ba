package dev.berth.report;

import dev.berth.engine.Outcome;
import dev.berth.engine.Timing;
import dev.berth.engine.deploy.DeployResult;
import dev.berth.engine.rollout.DeploymentView;
import dev.berth.engine.rollout.RolloutEvidence;
import dev.berth.engine.rollout.RolloutResult;
import dev.berth.engine.rollout.ServiceResult;
import dev.berth.engine.rollout.TaskDefinitions;
import dev.berth.engine.stack.StackEventView;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a report shows, whichever command produced it: a deploy or rollback (through a stack) or a
 * wait (on services): the verdict, what changed, who asked, the stack's end, when, and the rollouts.
 */
public record Report(String command, Outcome outcome, String reason, Change change, People people, StackEnd stack,
                     Timing timing, RolloutEvidence evidence) {

    public Report {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(people, "people");
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(evidence, "evidence");
    }

    /**
     * What changed: {@code subject} is the stack, or the cluster for a wait; {@code from} and
     * {@code to} are versions for a stack, task definitions for a wait; {@code digest} is the new
     * version's image digest when known.
     */
    public record Change(String subject, String from, String to, String digest) {
        /** {@code ": from → to"} for a title, {@code "?"} for an unknown start; empty when nothing names the target. */
        public String versions() {
            return to == null ? "" : ": " + (from == null ? "?" : from) + " → " + to;
        }
    }

    /** Who ran it, who approved it and why, as far as known. */
    public record People(String who, String approvedBy, String why) {
        public static final People UNKNOWN = new People(null, null, null);
    }

    /** The stack's status at the end, the command that recovers it when a person must act, and its events. */
    public record StackEnd(String status, String recovery, List<StackEventView> events) {
        /** A wait: no stack was involved. */
        public static final StackEnd NONE = new StackEnd(null, null, List.of());
    }

    public static Report of(String command, DeployResult r) {
        DeployResult.Release release = r.release();
        DeployResult.Requester requester = r.requester();
        return new Report(command, r.outcome(), r.reason(),
                new Change(release.stack(), release.previousVersion(), release.version(),
                        release.image() == null ? null : release.image().digest()),
                new People(requester.who(), requester.approvedBy(), requester.why()),
                new StackEnd(r.stack().status(), r.verdict().recovery(), r.stack().events()), r.timing(), r.evidence());
    }

    public static Report of(String command, RolloutResult r) {
        String from = null;
        String to = null;
        List<ServiceResult> services = r.evidence().services();
        if (services.size() == 1) {
            ServiceResult service = services.get(0);
            to = TaskDefinitions.shortName(service.rollout().expectedTaskDefinition());
            from = r.evidence().timeline().stream().filter(s -> s.service().equals(service.service())).findFirst()
                    .flatMap(s -> s.deployments().stream().filter(d -> !isNew(d, service)).findFirst())
                    .map(DeploymentView::taskDefinitionName).orElse(null);
        }
        return new Report(command, r.outcome(), r.reason(), new Change(r.cluster(), from, to, null), People.UNKNOWN,
                StackEnd.NONE, r.timing(), r.evidence());
    }

    public Duration duration() {
        return timing.duration();
    }

    /** Seconds from the start of the command to {@code at}: the chart's time axis. */
    public double secondsAt(Instant at) {
        return Duration.between(timing.startedAt(), at).toMillis() / 1000.0;
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
        if (service.rollout().deploymentId() != null) {
            return service.rollout().deploymentId().equals(deployment.id());
        }
        String expected = service.rollout().expectedTaskDefinition();
        if (expected == null) {
            return deployment.primary();
        }
        return Objects.equals(TaskDefinitions.shortName(deployment.taskDefinition()), TaskDefinitions.shortName(expected));
    }
}
