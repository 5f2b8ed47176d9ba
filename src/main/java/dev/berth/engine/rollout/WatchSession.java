package dev.berth.engine.rollout;

import dev.berth.engine.Outcome;
import dev.berth.engine.RefusedException;
import dev.berth.engine.Timing;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceRevision;
import software.amazon.awssdk.services.ecs.model.Task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The services of one cluster being followed to their verdicts: what each looked like, when to
 * poll it next, the timeline and the calls made. A caller drives it: {@link #pollDue} whenever
 * {@link #nextPollAt} has come, until {@link #decided}. Services may be added while it runs.
 */
public final class WatchSession {
    private static final int SERVICES_PER_CALL = 10;

    private final EcsClient ecs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DeploymentListener listener;
    private final PollPolicy policy;
    private final String cluster;
    private final String label;
    private final Instant startedAt;
    private final Map<String, ServiceTracker> trackers = new LinkedHashMap<>();
    private final List<TimelineSample> timeline = new ArrayList<>();
    private final Map<String, Integer> calls = new TreeMap<>();
    private final Map<String, Set<String>> historyCheckedFor = new HashMap<>();
    private final Set<String> deploymentIds = new HashSet<>();
    private final Set<String> failureEvidence = new HashSet<>();
    private final Duration callSpacing;
    private Instant lastCallAt;
    private boolean answered;
    private boolean historyUnavailable;
    private String lastError;
    private CallBudget budget = CallBudget.NONE;
    /** Once a change is executed, a lost answer or a missing service is retried or reported, never thrown. */
    private boolean afterChange;

    public WatchSession(EcsClient ecs, Clock clock, Sleeper sleeper, DeploymentListener listener, String cluster,
                        PollPolicy policy) {
        this(ecs, clock, sleeper, listener, cluster, policy, cluster);
    }

    /** @param label what progress lines start with before the service name, e.g. the stack */
    public WatchSession(EcsClient ecs, Clock clock, Sleeper sleeper, DeploymentListener listener, String cluster,
                        PollPolicy policy, String label) {
        this.label = label;
        this.ecs = ecs;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
        this.cluster = cluster;
        this.policy = policy;
        this.startedAt = clock.instant();
        this.callSpacing = Duration.ofNanos((long) (1e9 / policy.maxCallsPerSecond()));
    }

    /**
     * The change being watched has been executed: every call is bounded by {@code budget}, and
     * nothing is refused any more for lack of an answer; berth's deadline ends the wait.
     */
    public void followChange(CallBudget budget) {
        this.budget = budget;
        this.afterChange = true;
    }

    /** Bounds every later call by {@code budget}, so that none outlives the caller's deadline. */
    public void bound(CallBudget budget) {
        this.budget = budget;
    }

    /** The last error of a call that found no answer, or null. */
    public String lastError() {
        return lastError;
    }

    public String cluster() {
        return cluster;
    }

    /** Starts following a service; its first poll is due at once. */
    public void watch(WatchedService service) {
        String name = shortName(service.service());
        trackers.put(name, new ServiceTracker(service, label + "/" + name, listener, clock.instant()));
    }

    public boolean watching(String service) {
        return trackers.containsKey(shortName(service));
    }

    /** The task definition a watched service is judged against, or null. */
    public String expected(String service) {
        ServiceTracker tracker = trackers.get(shortName(service));
        return tracker == null ? null : tracker.expected();
    }

    /** Ends a watched service that has no verdict yet with one judged from state elsewhere. */
    public void conclude(String service, Outcome outcome, String reason) {
        ServiceTracker tracker = trackers.get(shortName(service));
        if (tracker != null && !tracker.decided()) {
            verdict(tracker, tracker.decide(outcome, reason), clock.instant());
        }
    }

    /**
     * Whether some undecided service has a deployment of its expected task definition listed, so
     * that waiting for its verdict makes sense; false once none has (the change never reached ECS).
     */
    public boolean expectedUnderWay() {
        return trackers.values().stream().filter(t -> !t.decided())
                .anyMatch(t -> t.last() != null && t.last().withTaskDefinition(t.expected()) != null);
    }

    /** The names of the watched services. */
    public java.util.Set<String> services() {
        return java.util.Set.copyOf(trackers.keySet());
    }

    /** Whether every watched service has its verdict (and at least one is watched). */
    public boolean decided() {
        return !trackers.isEmpty() && trackers.values().stream().allMatch(ServiceTracker::decided);
    }

    /** When the next poll is due; far in the future once everything is decided. */
    public Instant nextPollAt() {
        Instant wake = Instant.MAX;
        for (ServiceTracker tracker : trackers.values()) {
            if (!tracker.decided() && tracker.nextPollAt.isBefore(wake)) {
                wake = tracker.nextPollAt;
            }
        }
        return wake;
    }

    /** Polls every service whose poll is due, ten a call. */
    public void pollDue() throws InterruptedException {
        List<ServiceTracker> due = due(clock.instant());
        for (int i = 0; i < due.size(); i += SERVICES_PER_CALL) {
            poll(due.subList(i, Math.min(due.size(), i + SERVICES_PER_CALL)));
        }
    }

    /** Ends every undecided service with TIMED_OUT, saying what was last seen. */
    public void timeOut(String why) {
        Instant now = clock.instant();
        String reason = why + (lastError == null ? "" : " (last error: " + lastError + ")");
        for (ServiceTracker tracker : trackers.values()) {
            if (!tracker.decided()) {
                verdict(tracker, tracker.timeOut(reason), now);
            }
        }
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Map<String, Integer> calls() {
        return Map.copyOf(calls);
    }

    public List<TimelineSample> timeline() {
        return List.copyOf(timeline);
    }

    /** The verdict over all services: the worst of theirs, with each reason. */
    public RolloutResult result() {
        Outcome outcome = null;
        List<ServiceResult> results = new ArrayList<>();
        StringBuilder reason = new StringBuilder();
        for (ServiceTracker tracker : trackers.values()) {
            ServiceResult result = tracker.result();
            results.add(result);
            outcome = outcome == null ? result.outcome() : outcome.worse(result.outcome());
            if (trackers.size() > 1) {
                reason.append(reason.isEmpty() ? "" : "; ").append(result.service()).append(": ");
            }
            reason.append(result.reason());
        }
        return new RolloutResult(outcome, reason.toString(), cluster, new Timing(startedAt, clock.instant()),
                new RolloutEvidence(results, timeline, calls));
    }

    /** Services whose poll is due, plus those due soon enough to share the call. */
    private List<ServiceTracker> due(Instant now) {
        List<ServiceTracker> due = new ArrayList<>();
        List<ServiceTracker> soon = new ArrayList<>();
        for (ServiceTracker tracker : trackers.values()) {
            if (tracker.decided()) {
                continue;
            }
            if (!tracker.nextPollAt.isAfter(now)) {
                due.add(tracker);
            } else if (tracker.lastDelay != null
                    && Duration.between(now, tracker.nextPollAt).compareTo(tracker.lastDelay.dividedBy(2)) <= 0) {
                soon.add(tracker);
            }
        }
        if (due.isEmpty()) {
            return due;
        }
        int room = (SERVICES_PER_CALL - due.size() % SERVICES_PER_CALL) % SERVICES_PER_CALL;
        soon.sort(Comparator.comparing(t -> t.nextPollAt));
        due.addAll(soon.subList(0, Math.min(room, soon.size())));
        return due;
    }

    private void poll(List<ServiceTracker> batch) throws InterruptedException {
        List<String> names = batch.stream().map(t -> t.watched.service()).toList();
        DescribeServicesResponse response;
        try {
            awaitCallSlot();
            count("DescribeServices");
            response = ecs.describeServices(r -> r.cluster(cluster).services(names).overrideConfiguration(budget.override()));
        } catch (ClusterNotFoundException e) {
            if (afterChange) {
                pollFailed(batch, e);
                return;
            }
            throw new RefusedException("cluster " + cluster + " was not found", e);
        } catch (SdkException e) {
            if (!afterChange && (!answered || AwsErrors.isConfigurationProblem(e))) {
                throw AwsErrors.wrap("failed to describe services in cluster " + cluster, e);
            }
            pollFailed(batch, e);
            return;
        }
        answered = true;
        Instant now = clock.instant();
        for (Failure failure : response.failures()) {
            ServiceTracker tracker = trackers.get(shortName(failure.arn()));
            if (tracker == null) {
                continue;
            }
            if (tracker.last() == null && !afterChange) {
                throw new RefusedException("service " + tracker.watched.service() + " was not found in cluster "
                        + cluster + " (" + failure.reason() + ")");
            }
            verdict(tracker, tracker.decide(Outcome.FAILED, "service " + tracker.watched.service()
                    + " disappeared during the rollout (" + failure.reason() + ")"), now);
        }
        for (Service service : response.services()) {
            ServiceTracker tracker = trackers.get(service.serviceName());
            if (tracker != null) {
                observe(tracker, ServiceSnapshot.of(service), now);
            }
        }
    }

    private void observe(ServiceTracker tracker, ServiceSnapshot snapshot, Instant now) throws InterruptedException {
        boolean first = tracker.last() == null;
        ServiceTracker.Change change = tracker.observe(snapshot, now);
        snapshot.deployments().forEach(d -> deploymentIds.add(d.id()));
        timeline.add(new TimelineSample(now, seconds(Duration.between(startedAt, now)), snapshot.name(),
                snapshot.desired(), snapshot.bounds().lower(), snapshot.bounds().upper(), snapshot.deployments()));
        boolean failureShown = tracker.showsFailure();
        boolean failedBefore = first && snapshot.deployments().stream().anyMatch(d -> d.failed() > 0);
        if (change.newFailures() || failedBefore || (failureShown && !failureEvidence.contains(tracker.source))) {
            fetchStoppedTasks(tracker);
            if (failureShown) {
                failureEvidence.add(tracker.source);
            }
        }
        Judgement judgement = tracker.judge();
        if (judgement.needsHistory()) {
            judgement = consultHistory(tracker, snapshot, first);
        }
        if (judgement.decided() && judgement.outcome() != Outcome.SUCCEEDED && !tracker.hasStoppedTasks()) {
            // the failure may have come and gone between two polls: its stopped tasks are the evidence
            fetchStoppedTasks(tracker);
        }
        if (judgement.decided()) {
            verdict(tracker, judgement, now);
            return;
        }
        tracker.lastDelay = policy.next(tracker.lastDelay, change.changed(), change.stage());
        tracker.nextPollAt = now.plus(tracker.lastDelay);
        listener.on(new BerthEvent.Polled(now, tracker.source, change.stage(), tracker.lastDelay));
    }

    private void verdict(ServiceTracker tracker, Judgement judgement, Instant now) {
        listener.on(new BerthEvent.VerdictReached(now, tracker.source, judgement.outcome(), judgement.reason()));
    }

    private void pollFailed(List<ServiceTracker> batch, SdkException e) {
        String message = AwsErrors.describe(e);
        lastError = message;
        Instant now = clock.instant();
        listener.on(new BerthEvent.Warning(now, cluster, "DescribeServices failed after retries (" + message
                + "); polling again"));
        for (ServiceTracker tracker : batch) {
            tracker.lastDelay = policy.initialInterval();
            tracker.nextPollAt = now.plus(tracker.lastDelay);
        }
    }

    /** Reads why tasks of the watched deployments stopped; scale-downs of old tasks are not failures. */
    private void fetchStoppedTasks(ServiceTracker tracker) throws InterruptedException {
        List<String> fresh = new ArrayList<>();
        try {
            String token = null;
            int pages = 0;
            do {
                String page = token;
                awaitCallSlot();
                count("ListTasks");
                ListTasksResponse response = ecs.listTasks(r -> r.cluster(cluster).serviceName(tracker.watched.service())
                        .desiredStatus(DesiredStatus.STOPPED).nextToken(page).overrideConfiguration(budget.override()));
                for (String arn : response.taskArns()) {
                    String id = arn.substring(arn.lastIndexOf('/') + 1);
                    if (!tracker.knowsStopped(id)) {
                        fresh.add(arn);
                    }
                }
                token = response.nextToken();
            } while (token != null && ++pages < 3);
            for (int i = 0; i < fresh.size(); i += 100) {
                List<String> chunk = fresh.subList(i, Math.min(fresh.size(), i + 100));
                awaitCallSlot();
                count("DescribeTasks");
                for (Task task : ecs.describeTasks(r -> r.cluster(cluster).tasks(chunk).overrideConfiguration(budget.override())).tasks()) {
                    record(tracker, task);
                }
            }
        } catch (SdkException e) {
            if (!afterChange && AwsErrors.isConfigurationProblem(e)) {
                throw AwsErrors.wrap("failed to list stopped tasks of service " + tracker.watched.service(), e);
            }
            listener.on(new BerthEvent.Warning(clock.instant(), tracker.source,
                    "could not read stopped tasks (" + AwsErrors.describe(e) + ")"));
        }
    }

    private void record(ServiceTracker tracker, Task task) {
        String id = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
        boolean scaling = "ServiceSchedulerInitiated".equals(task.stopCodeAsString())
                && task.stoppedReason() != null && task.stoppedReason().startsWith("Scaling activity");
        boolean watched = (task.startedBy() != null && deploymentIds.contains(task.startedBy()))
                || (tracker.expected() != null && tracker.expected().equals(task.taskDefinitionArn()));
        if (scaling || !watched) {
            tracker.ignoreStopped(id);
            return;
        }
        List<StoppedTask.ContainerExit> containers = new ArrayList<>();
        for (Container c : task.containers()) {
            containers.add(new StoppedTask.ContainerExit(c.name(), c.exitCode(), c.reason()));
        }
        StoppedTask stopped = new StoppedTask(id, TaskDefinitions.shortName(task.taskDefinitionArn()), task.startedBy(),
                task.stopCodeAsString(), task.stoppedReason(), List.copyOf(containers), task.stoppedAt());
        tracker.addStopped(stopped);
        listener.on(new BerthEvent.TaskStopped(clock.instant(), tracker.source, stopped));
    }

    /**
     * The expected task definition is not among the service's deployments: the service-deployment
     * history tells whether it was rolled back, stopped or superseded. Asked once per change of the
     * deployments, and never again where the API is not available.
     */
    private Judgement consultHistory(ServiceTracker tracker, ServiceSnapshot snapshot, boolean first)
            throws InterruptedException {
        Set<String> ids = new HashSet<>();
        snapshot.deployments().forEach(d -> ids.add(d.id()));
        if (historyUnavailable || ids.equals(historyCheckedFor.get(tracker.source))) {
            return Judgement.IN_PROGRESS;
        }
        historyCheckedFor.put(tracker.source, ids);
        try {
            awaitCallSlot();
            count("ListServiceDeployments");
            ListServiceDeploymentsResponse list = ecs.listServiceDeployments(r -> r.cluster(cluster)
                    .service(tracker.watched.service()).maxResults(20).overrideConfiguration(budget.override()));
            List<String> revisions = list.serviceDeployments().stream()
                    .map(ServiceDeploymentBrief::targetServiceRevisionArn).distinct().toList();
            Map<String, String> definitionOfRevision = new HashMap<>();
            if (!revisions.isEmpty()) {
                awaitCallSlot();
                count("DescribeServiceRevisions");
                for (ServiceRevision revision : ecs.describeServiceRevisions(r -> r.serviceRevisionArns(revisions).overrideConfiguration(budget.override()))
                        .serviceRevisions()) {
                    definitionOfRevision.put(revision.serviceRevisionArn(), revision.taskDefinition());
                }
            }
            for (ServiceDeploymentBrief brief : list.serviceDeployments()) {
                if (TaskDefinitions.matches(definitionOfRevision.get(brief.targetServiceRevisionArn()), tracker.expected())) {
                    return tracker.judgeFromHistory(brief.statusAsString(), brief.statusReason());
                }
            }
        } catch (SdkException e) {
            historyUnavailable = true;
            listener.on(new BerthEvent.Warning(clock.instant(), tracker.source,
                    "service deployment history unavailable (" + AwsErrors.describe(e) + ")"));
        }
        if (first && !afterChange) {
            DeploymentView primary = snapshot.primary();
            throw new RefusedException("task definition " + tracker.expected() + " is not being deployed to service "
                    + tracker.watched.service() + ": its PRIMARY deployment runs "
                    + (primary == null ? "nothing" : primary.taskDefinitionName()));
        }
        return Judgement.IN_PROGRESS;
    }

    private void awaitCallSlot() throws InterruptedException {
        Instant now = clock.instant();
        if (lastCallAt != null) {
            Instant allowed = lastCallAt.plus(callSpacing);
            if (allowed.isAfter(now)) {
                sleeper.sleep(Duration.between(now, allowed));
            }
        }
        lastCallAt = clock.instant();
    }

    private void count(String operation) {
        calls.merge(operation, 1, Integer::sum);
    }

    private static String shortName(String serviceOrArn) {
        return serviceOrArn.substring(serviceOrArn.lastIndexOf('/') + 1);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
