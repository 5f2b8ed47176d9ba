package dev.berth.engine.rollout;

import dev.berth.engine.Outcome;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows one service through its snapshots: publishes what changed, checks the counts against
 * the rollout bounds, and judges strictly. SUCCEEDED needs the PRIMARY deployment on the expected
 * task definition with rolloutState COMPLETED; a circuit-breaker rollback is ROLLED_BACK even
 * though the service then looks stable.
 */
final class ServiceTracker {
    private static final String ROLLING_BACK = "rolling back to deploymentId";

    final WatchedService watched;
    final String source;
    private final DeploymentListener listener;
    private final Instant startedAt;

    private String expected;
    private String expectedDeploymentId;
    private boolean breakerTripped;
    private String failureReason;
    private boolean rollingBack;
    private List<DeploymentView> lastDeployments = List.of();
    private final Map<String, Integer> failedSeen = new HashMap<>();
    private final Set<String> seenEvents = new HashSet<>();
    private final List<ServiceEventView> events = new ArrayList<>();
    private final List<StoppedTask> stoppedTasks = new ArrayList<>();
    private final Set<String> seenStoppedTasks = new HashSet<>();
    private final List<String> boundViolations = new ArrayList<>();
    private boolean lowerBoundApplies;
    private boolean stuckWarned;
    private ServiceSnapshot last;
    private Judgement verdict;
    Duration lastDelay;
    Instant nextPollAt;

    ServiceTracker(WatchedService watched, String source, DeploymentListener listener, Instant startedAt) {
        this.watched = watched;
        this.source = source;
        this.listener = listener;
        this.startedAt = startedAt;
        this.expected = watched.taskDefinition().orElse(null);
        this.nextPollAt = startedAt;
    }

    /** What a snapshot changed, for pacing and for fetching stopped tasks. */
    record Change(boolean changed, PollPolicy.Stage stage, boolean newFailures) {
    }

    Change observe(ServiceSnapshot snapshot, Instant now) {
        boolean first = last == null;
        if (first) {
            begin(snapshot);
        }
        boolean changed = first || !sameDeployments(snapshot.deployments());
        if (changed) {
            listener.on(new BerthEvent.DeploymentSnapshot(now, source, snapshot.deployments()));
        }
        publishNewEvents(snapshot, now);
        boolean newFailures = false;
        for (DeploymentView d : snapshot.deployments()) {
            Integer before = failedSeen.put(d.id(), d.failed());
            newFailures |= d.failed() > (before == null ? (first ? d.failed() : 0) : before);
        }
        checkBounds(snapshot, now);
        warnIfStuck(snapshot, now);
        lastDeployments = snapshot.deployments();
        last = snapshot;
        return new Change(changed, stage(snapshot), newFailures);
    }

    private void begin(ServiceSnapshot snapshot) {
        DeploymentView primary = snapshot.primary();
        if (expected == null && primary != null) {
            expected = primary.taskDefinition();
            DeploymentView failed = failedDeployment(snapshot);
            if (primary.rolloutStateReason() != null && primary.rolloutStateReason().contains(ROLLING_BACK)
                    && failed != null) {
                // a rollback is under way: what is being judged is the deployment that failed
                expected = failed.taskDefinition();
            }
        }
        DeploymentView target = expected == null ? null : snapshot.withTaskDefinition(expected);
        Instant since = target != null && !"COMPLETED".equals(target.rolloutState()) ? target.createdAt()
                : snapshot.newestInProgressCreatedAt();
        for (ServiceEventView e : snapshot.events()) {
            if (since == null || e.createdAt() == null || e.createdAt().isBefore(since)) {
                seenEvents.add(e.id());
            }
        }
        lowerBoundApplies = snapshot.running() >= snapshot.bounds().lower();
    }

    private static DeploymentView failedDeployment(ServiceSnapshot snapshot) {
        for (DeploymentView d : snapshot.deployments()) {
            if ("FAILED".equals(d.rolloutState())) {
                return d;
            }
        }
        return null;
    }

    private boolean sameDeployments(List<DeploymentView> current) {
        if (current.size() != lastDeployments.size()) {
            return false;
        }
        for (int i = 0; i < current.size(); i++) {
            if (!current.get(i).sameCountsAs(lastDeployments.get(i))) {
                return false;
            }
        }
        return true;
    }

    private void publishNewEvents(ServiceSnapshot snapshot, Instant now) {
        List<ServiceEventView> fresh = new ArrayList<>();
        for (ServiceEventView e : snapshot.events()) {
            if (seenEvents.add(e.id())) {
                fresh.add(e);
            }
        }
        // ECS lists events newest first; people read them oldest first
        for (int i = fresh.size() - 1; i >= 0; i--) {
            ServiceEventView e = fresh.get(i).seen(now);
            events.add(e);
            listener.on(new BerthEvent.ServiceEventObserved(now, source, e.createdAt(), e.message()));
        }
    }

    private void checkBounds(ServiceSnapshot snapshot, Instant now) {
        if (snapshot.deployments().size() < 2) {
            return; // the bounds govern deployments; one deployment is scaling, not rolling
        }
        RolloutBounds bounds = snapshot.bounds();
        double at = Duration.between(startedAt, now).toMillis() / 1000.0;
        if (snapshot.runningOrPending() > bounds.upper()) {
            violation(now, String.format("at %.1fs %d tasks were running or pending, above the upper bound %d"
                    + " (desired %d x MaximumPercent %d)", at, snapshot.runningOrPending(), bounds.upper(),
                    bounds.desired(), bounds.maximumPercent()));
        }
        if (lowerBoundApplies && snapshot.running() < bounds.lower() && !breakerTripped) {
            violation(now, String.format("at %.1fs %d tasks were running, below the lower bound %d"
                    + " (desired %d x MinimumHealthyPercent %d)", at, snapshot.running(), bounds.lower(),
                    bounds.desired(), bounds.minimumHealthyPercent()));
        }
    }

    private void violation(Instant now, String message) {
        boundViolations.add(message);
        listener.on(new BerthEvent.Warning(now, source, message));
    }

    private void warnIfStuck(ServiceSnapshot snapshot, Instant now) {
        DeploymentView primary = snapshot.primary();
        if (!stuckWarned && primary != null && "IN_PROGRESS".equals(primary.rolloutState())
                && snapshot.deployments().size() > 1 && snapshot.bounds().stuck()) {
            stuckWarned = true;
            listener.on(new BerthEvent.Warning(now, source, snapshot.bounds().stuckExplanation()));
        }
    }

    /**
     * How near the end is: imminent when only old tasks are draining or failures mount; approaching
     * when the target deployment runs all its tasks but old ones still run (health checks pending).
     */
    private PollPolicy.Stage stage(ServiceSnapshot snapshot) {
        DeploymentView primary = snapshot.primary();
        if (primary == null || "COMPLETED".equals(primary.rolloutState())) {
            return PollPolicy.Stage.UNDER_WAY;
        }
        if (snapshot.breakerEnabled() && primary.failed() > 0 && "IN_PROGRESS".equals(primary.rolloutState())) {
            return PollPolicy.Stage.IMMINENT;
        }
        if (primary.running() != primary.desired() || primary.pending() != 0) {
            return PollPolicy.Stage.UNDER_WAY;
        }
        int others = 0;
        for (DeploymentView d : snapshot.deployments()) {
            if (d != primary) {
                others += d.running() + d.pending();
            }
        }
        return others == 0 ? PollPolicy.Stage.IMMINENT : PollPolicy.Stage.APPROACHING;
    }

    /**
     * Whether the latest snapshot shows a failure or a rollback: then the reasons of stopped tasks
     * belong in the verdict, and are fetched once more before judging.
     */
    boolean showsFailure() {
        if (last == null) {
            return false;
        }
        DeploymentView primary = last.primary();
        boolean rollback = primary != null && primary.rolloutStateReason() != null
                && primary.rolloutStateReason().contains(ROLLING_BACK);
        boolean failed = last.deployments().stream().anyMatch(d -> "FAILED".equals(d.rolloutState()));
        boolean expectedGone = expected != null && last.withTaskDefinition(expected) == null;
        return rollback || failed || expectedGone;
    }

    /** Judges the latest snapshot. */
    Judgement judge() {
        if (verdict != null) {
            return verdict;
        }
        ServiceSnapshot s = last;
        if (!"ACTIVE".equals(s.status())) {
            return decide(Outcome.FAILED, "service " + s.name() + " is " + s.status());
        }
        DeploymentView primary = s.primary();
        if (primary == null) {
            return decide(Outcome.FAILED, "service " + s.name() + " has no deployments");
        }
        DeploymentView target = s.withTaskDefinition(expected);
        if (target != null) {
            expectedDeploymentId = target.id();
            if ("FAILED".equals(target.rolloutState())) {
                breakerTripped = true;
                failureReason = target.rolloutStateReason();
            }
        }
        boolean primaryIsExpected = TaskDefinitions.matches(primary.taskDefinition(), expected);
        if (primaryIsExpected && !rollingBack) {
            if ("COMPLETED".equals(primary.rolloutState())) {
                return decide(Outcome.SUCCEEDED, primary.taskDefinitionName() + " is running " + primary.running()
                        + "/" + s.desired() + " tasks; rollout COMPLETED");
            }
            if ("FAILED".equals(primary.rolloutState())) {
                return decide(Outcome.FAILED, reasonOr(primary.rolloutStateReason(), "the deployment failed")
                        + " Rollback is not enabled: the service stays on the failed deployment " + primary.id()
                        + "; " + stoppedSummary());
            }
            if (primary.rolloutState() == null && s.deployments().size() == 1 && primary.running() == s.desired()
                    && primary.pending() == 0) {
                return decide(Outcome.SUCCEEDED, primary.taskDefinitionName() + " is running " + primary.running()
                        + "/" + s.desired() + " tasks (no rolloutState: one deployment, running = desired)");
            }
            return Judgement.IN_PROGRESS;
        }
        String reason = primary.rolloutStateReason();
        if (breakerTripped || (reason != null && reason.contains(ROLLING_BACK))) {
            rollingBack = true;
            if ("COMPLETED".equals(primary.rolloutState())) {
                return decide(Outcome.ROLLED_BACK, reasonOr(failureReason, "ECS deployment circuit breaker rolled back.")
                        + " The service is back on " + primary.taskDefinitionName() + " (" + primary.running() + "/"
                        + s.desired() + " tasks); " + stoppedSummary());
            }
            if ("FAILED".equals(primary.rolloutState())) {
                return decide(Outcome.FAILED, "the rollback to " + primary.taskDefinitionName() + " failed: "
                        + reasonOr(primary.rolloutStateReason(), "no reason given"));
            }
            return Judgement.IN_PROGRESS;
        }
        if (target == null) {
            // the expected deployment is not (or no longer) listed: only the service's deployment history can say why
            return Judgement.NEEDS_HISTORY;
        }
        return Judgement.IN_PROGRESS; // the expected deployment exists but another one is PRIMARY for now
    }

    /** Concludes from the service-deployment history when the expected deployment is not listed. */
    Judgement judgeFromHistory(String status, String statusReason) {
        if (status == null) {
            return Judgement.IN_PROGRESS;
        }
        DeploymentView primary = last.primary();
        String now = primary == null ? "unknown" : primary.taskDefinitionName();
        return switch (status) {
            case "ROLLBACK_SUCCESSFUL" -> decide(Outcome.ROLLED_BACK, reasonOr(statusReason, "The deployment of "
                    + TaskDefinitions.shortName(expected) + " failed and was rolled back.") + " The service is back on "
                    + now + "; " + stoppedSummary());
            case "ROLLBACK_FAILED" -> decide(Outcome.FAILED, "the deployment of " + TaskDefinitions.shortName(expected)
                    + " failed and its rollback failed: " + reasonOr(statusReason, "no reason given"));
            case "STOPPED" -> decide(Outcome.FAILED, "the deployment of " + TaskDefinitions.shortName(expected)
                    + " was stopped: " + reasonOr(statusReason, "no reason given") + "; the service runs " + now);
            case "SUCCESSFUL" -> decide(Outcome.FAILED, "the deployment of " + TaskDefinitions.shortName(expected)
                    + " completed but was superseded; the service now runs " + now);
            default -> Judgement.IN_PROGRESS;
        };
    }

    Judgement timeOut(String why) {
        String state = last == null ? "no answer from ECS" : describe(last);
        String stuck = last != null && last.bounds().stuck() && last.deployments().size() > 1
                ? "; " + last.bounds().stuckExplanation() : "";
        String room = dev.berth.engine.capacity.PlacementStall.explain(events.stream().map(ServiceEventView::message).toList())
                .map(text -> "; " + text).orElse("");
        return decide(Outcome.TIMED_OUT, why + "; last seen: " + state + stuck + room);
    }

    private static String describe(ServiceSnapshot s) {
        StringBuilder text = new StringBuilder();
        for (DeploymentView d : s.deployments()) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(d.status()).append(' ').append(d.taskDefinitionName()).append(' ')
                    .append(d.running()).append('/').append(d.desired()).append(" running");
            if (d.pending() > 0) {
                text.append(' ').append(d.pending()).append(" pending");
            }
            if (d.rolloutState() != null) {
                text.append(' ').append(d.rolloutState());
            }
        }
        return text.toString();
    }

    Judgement decide(Outcome outcome, String reason) {
        verdict = Judgement.verdict(outcome, reason);
        return verdict;
    }

    boolean decided() {
        return verdict != null;
    }

    void addStopped(StoppedTask task) {
        if (seenStoppedTasks.add(task.taskId())) {
            stoppedTasks.add(task);
        }
    }

    boolean hasStoppedTasks() {
        return !stoppedTasks.isEmpty();
    }

    boolean knowsStopped(String taskId) {
        return seenStoppedTasks.contains(taskId);
    }

    void ignoreStopped(String taskId) {
        seenStoppedTasks.add(taskId);
    }

    String expected() {
        return expected;
    }

    ServiceSnapshot last() {
        return last;
    }

    private String stoppedSummary() {
        if (stoppedTasks.isEmpty()) {
            return "no stopped tasks were seen";
        }
        Map<String, Integer> reasons = new java.util.LinkedHashMap<>();
        for (StoppedTask task : stoppedTasks) {
            reasons.merge(task.summary(), 1, Integer::sum);
        }
        StringBuilder text = new StringBuilder(stoppedTasks.size() + " tasks stopped: ");
        boolean firstReason = true;
        for (Map.Entry<String, Integer> entry : reasons.entrySet()) {
            text.append(firstReason ? "" : "; ").append(entry.getValue()).append(" x ").append(entry.getKey());
            firstReason = false;
        }
        return text.toString();
    }

    private static String reasonOr(String reason, String fallback) {
        return reason == null || reason.isBlank() ? fallback : reason;
    }

    ServiceResult result() {
        ServiceSnapshot s = last;
        DeploymentView primary = s == null ? null : s.primary();
        RolloutBounds bounds = s == null ? null : s.bounds();
        String name = watched.service().substring(watched.service().lastIndexOf('/') + 1);
        return new ServiceResult(name, verdict.outcome(), verdict.reason(),
                ServiceResult.Rollout.judged(expected, expectedDeploymentId, primary), ServiceResult.Bounds.of(bounds),
                new ServiceResult.Evidence(stoppedTasks, events, boundViolations));
    }
}
