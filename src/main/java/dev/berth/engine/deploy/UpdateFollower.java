package dev.berth.engine.deploy;

import dev.berth.engine.BerthException;
import dev.berth.engine.Outcome;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.deploy.verdict.Deadlines;
import dev.berth.engine.deploy.verdict.DeployVerdicts;
import dev.berth.engine.deploy.verdict.Observation;
import dev.berth.engine.deploy.verdict.OwnedService;
import dev.berth.engine.deploy.verdict.Progress;
import dev.berth.engine.deploy.verdict.Request;
import dev.berth.engine.deploy.verdict.StackResource;
import dev.berth.engine.deploy.verdict.Verdict;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.CallBudget;
import dev.berth.engine.rollout.PollLoop;
import dev.berth.engine.rollout.PollPolicy;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.rollout.WatchSession;
import dev.berth.engine.rollout.WatchedService;
import dev.berth.engine.stack.CloudFormationMessages;
import dev.berth.engine.stack.StackEventStream;
import dev.berth.engine.stack.StackEventView;
import dev.berth.engine.stack.StackServices;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows one executed stack update to its verdict. The {@link PollLoop} owns every wait: until
 * the rollout deadline, then (after cancelling) until the rollback grace is over. Each step reads
 * new stack events, watches every ECS service the stack's resources name, and polls the services
 * that are due. Once the update was executed, a lost answer is a warning and a retry, never a
 * refusal. The verdict is the decision core's, from the state read at the end.
 */
final class UpdateFollower {
    /** Events are read quickly at first, so that watching a service begins before a fast rollout ends. */
    private static final Duration FIRST_EVENT_POLL = Duration.ofMillis(250);
    private static final Duration FRESH_EVENT_POLL = Duration.ofSeconds(1);
    private static final Duration SLOWEST_EVENT_POLL = Duration.ofSeconds(3);
    /** How long services may take to settle once the stack is done (CloudFormation waits for them first). */
    private static final Duration SETTLE_ALLOWANCE = Duration.ofMinutes(2);
    /** Without fresh events for this long, the stack's own status is read (events may be late or missing). */
    private static final Duration STATUS_CHECK = Duration.ofSeconds(10);

    private final CloudFormationClient cfn;
    private final EcsClient ecs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DeploymentListener listener;
    private final PollPolicy policy;
    private final PreFlightReport pre;
    private final StackEventStream events;
    private final Deadlines deadlines;
    private final StackReader reader;
    private final CallBudget budget;
    private final Map<String, WatchSession> sessions = new LinkedHashMap<>();
    private final List<String> rollbackFailed = new ArrayList<>();
    /** Task definitions this update registered, by logical id, as their events name them. */
    private final Map<String, String> updateDefinitions = new LinkedHashMap<>();
    private final UpdateResults results;
    private Instant nextEvents;
    private Instant lastFresh;
    private Duration eventDelay = FIRST_EVENT_POLL;
    private boolean cancelled;
    private boolean refreshWanted;
    private String firstFailure;
    private String lastError;
    /** The stack's status as of the event being read, or as DescribeStacks last said. */
    private String status;

    UpdateFollower(CloudFormationClient cfn, EcsClient ecs, Clock clock, Sleeper sleeper, DeploymentListener listener,
                   PollPolicy policy, PreFlightReport pre, StackEventStream events, Deadlines deadlines, UpdateResults results) {
        this.cfn = cfn;
        this.ecs = ecs;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
        this.policy = policy;
        this.pre = pre;
        this.events = events;
        this.deadlines = deadlines;
        this.results = results;
        this.reader = new StackReader(cfn, ecs);
        this.budget = () -> deadlines.callBudget(clock.instant());
        events.bound(budget);
    }

    DeployResult follow(Request request, String token) {
        refreshWanted = pre.reattach();
        PollLoop loop = new PollLoop(clock, sleeper);
        nextEvents = clock.instant();
        lastFresh = clock.instant();
        boolean graceExpired = false;
        try {
            boolean done = loop.run(deadlines.rollout(), this::step);
            if (!done) {
                cancel(request, token);
                done = loop.run(deadlines.hard(), this::step);
                graceExpired = !done;
            }
            if (done) {
                Instant settleBy = clock.instant().plus(SETTLE_ALLOWANCE);
                loop.run(settleBy.isBefore(deadlines.hard()) ? settleBy : deadlines.hard(), this::settle);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("deploy of stack " + pre.stackName() + " was interrupted", e);
        }
        Observation observed = finalState(loop);
        Progress progress = new Progress(cancelled, graceExpired, firstFailure, rollbackFailed,
                UpdateResults.stoppedTasks(sessions.values()), lastError);
        Optional<String> digest = observed != null && "UPDATE_COMPLETE".equals(observed.stackStatus())
                ? results.digestMismatch(observed, budget) : Optional.empty();
        Verdict verdict = DeployVerdicts.decide(request, progress, observed, digest);
        return results.result(verdict, observed, sessions.values(), events);
    }

    /** One round: new events, the services the stack names, the services due a poll. */
    private Optional<Instant> step() throws InterruptedException {
        if (!clock.instant().isBefore(nextEvents)) {
            boolean fresh = readEvents();
            if (!fresh && Duration.between(lastFresh, clock.instant()).compareTo(STATUS_CHECK) >= 0) {
                readStatus();
            }
            if (DeployVerdicts.finished(status)) {
                return Optional.empty();
            }
            boolean endNear = sessions.values().stream().anyMatch(WatchSession::decided);
            eventDelay = sessions.isEmpty() ? min(scale(eventDelay), FRESH_EVENT_POLL)
                    : fresh || endNear ? FRESH_EVENT_POLL : min(scale(eventDelay), SLOWEST_EVENT_POLL);
            nextEvents = clock.instant().plus(eventDelay);
        }
        if (refreshWanted) {
            refreshWatched();
        }
        pollSessions();
        return Optional.of(earliest());
    }

    /** After the stack is done: give each watched service until its verdict, within the deadline. */
    private Optional<Instant> settle() throws InterruptedException {
        pollSessions();
        boolean open = sessions.values().stream().anyMatch(WatchSession::expectedUnderWay);
        return open ? Optional.of(earliest()) : Optional.empty();
    }

    private void pollSessions() throws InterruptedException {
        for (WatchSession session : sessions.values()) {
            if (!session.decided() && !session.nextPollAt().isAfter(clock.instant())) {
                session.pollDue();
                if (session.lastError() != null && lastError == null) {
                    lastError = session.lastError();
                }
            }
        }
    }

    private boolean readEvents() {
        List<StackEventView> fresh;
        try {
            fresh = events.poll();
        } catch (BerthException e) {
            lost(e);
            return false;
        }
        for (StackEventView event : fresh) {
            if (event.isStackEvent()) {
                status = event.status();
            }
            noteFailure(event);
            if (rollingBack()) {
                continue;
            }
            // the update's own task definitions, as their events name them: after a rollback the stack names the old ones
            if (StackResource.TASK_DEFINITION.equals(event.resourceType()) && event.status() != null
                    && event.status().endsWith("_COMPLETE") && event.physicalId() != null && !event.physicalId().isEmpty()) {
                updateDefinitions.put(event.logicalId(), event.physicalId());
            }
            // CloudFormation updates a service after its task definition: then there is something to watch
            if (StackResource.ECS_SERVICE.equals(event.resourceType()) && !watchAtOnce(event)) {
                refreshWanted = true;
            }
        }
        if (!fresh.isEmpty()) {
            lastFresh = clock.instant();
        }
        return !fresh.isEmpty();
    }

    private void readStatus() {
        lastFresh = clock.instant();
        try {
            status = cfn.describeStacks(r -> r.stackName(pre.stackId()).overrideConfiguration(budget.override()))
                    .stacks().get(0).stackStatusAsString();
        } catch (SdkException e) {
            lost(AwsErrors.wrap("failed to describe stack " + pre.stackName(), e));
        }
    }

    /** An answer did not come; the first cause is kept over the budget running out on later calls. */
    private void lost(BerthException e) {
        boolean outOfTime = e.getCause() instanceof ApiCallTimeoutException;
        if (lastError == null || !outOfTime) {
            lastError = e.getMessage();
        }
        listener.on(new BerthEvent.Warning(clock.instant(), pre.stackName(), e.getMessage() + "; asking again"));
    }

    private boolean rollingBack() {
        return status != null && status.contains("ROLLBACK");
    }

    private void noteFailure(StackEventView event) {
        if (event.isStackEvent() || event.status() == null || !event.status().endsWith("_FAILED")
                || CloudFormationMessages.cancelled(event.reason())) {
            return;
        }
        if (rollingBack()) {
            rollbackFailed.add(event.logicalId());
        } else if (firstFailure == null) {
            firstFailure = event.logicalId() + ": " + CloudFormationMessages.handlerMessage(
                    event.reason() == null ? "no reason given" : event.reason());
        }
    }

    /**
     * A stack of one service whose update registered one task definition: the service's event names
     * the service, and the task definition's event the revision it must run, so watching begins
     * without a round of reads (the end of a fast rollout is not missed). The verdict still comes
     * from the stack's resources.
     */
    private boolean watchAtOnce(StackEventView event) {
        String arn = event.physicalId();
        if (updateDefinitions.size() != 1 || pre.services().size() > 1 || arn == null || !arn.startsWith("arn:")) {
            return false;
        }
        watch(new OwnedService(event.logicalId(), StackServices.clusterOf(arn), arn,
                updateDefinitions.values().iterator().next(), "the update's task definition"));
        return true;
    }

    private void watch(OwnedService service) {
        WatchSession session = sessions.computeIfAbsent(service.cluster(), c -> {
            WatchSession created = new WatchSession(ecs, clock, sleeper, listener, c, policy, pre.stackName());
            created.followChange(budget);
            return created;
        });
        if (!service.expectedTaskDefinition().equals(session.expected(service.serviceArn()))) {
            session.watch(new WatchedService(service.serviceArn(), Optional.of(service.expectedTaskDefinition())));
        }
    }

    /** Watches every ECS service the stack's resources name, judged against the task definition they name. */
    private void refreshWatched() {
        List<OwnedService> owned;
        try {
            List<StackResource> resources = new ArrayList<>();
            for (StackResource resource : reader.resources(pre.stackId(), budget)) {
                String updated = StackResource.TASK_DEFINITION.equals(resource.type()) ? updateDefinitions.get(resource.logicalId()) : null;
                resources.add(updated == null ? resource : new StackResource(resource.logicalId(), resource.type(), updated));
            }
            owned = reader.owned(resources, budget);
        } catch (BerthException e) {
            lost(e);
            return;
        }
        refreshWanted = false;
        for (OwnedService service : owned) {
            if (service.expectedTaskDefinition() != null) {
                watch(service);
            }
        }
    }

    private void cancel(Request request, String token) {
        cancelled = true;
        listener.on(new BerthEvent.PhaseChanged(clock.instant(), pre.stackName(), "timeout",
                "no verdict within " + request.timeout() + "; cancelling the update and following its rollback for at most "
                        + request.rollbackGrace()));
        try {
            cfn.cancelUpdateStack(r -> r.stackName(pre.stackId()).overrideConfiguration(budget.override())
                    .clientRequestToken(token == null ? null : token + "-cancel"));
        } catch (SdkException e) {
            listener.on(new BerthEvent.Warning(clock.instant(), pre.stackName(), "could not cancel the update ("
                    + AwsErrors.describe(e) + "); following it to the end of the rollback grace"));
        }
    }

    /** The state the verdict is judged from: read now, asked again until the hard deadline; null without an answer. */
    private Observation finalState(PollLoop loop) {
        Observation[] observed = new Observation[1];
        try {
            observed[0] = readOnce();
            if (observed[0] == null) {
                loop.run(deadlines.hard(), () -> {
                    observed[0] = readOnce();
                    return observed[0] != null ? Optional.empty() : Optional.of(clock.instant().plus(FRESH_EVENT_POLL));
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("deploy of stack " + pre.stackName() + " was interrupted", e);
        }
        if (observed[0] != null) {
            for (OwnedService service : observed[0].services()) {
                WatchSession session = sessions.get(service.cluster());
                if (session != null) {
                    boolean right = observed[0].state(service).runsCompleted(service.expectedTaskDefinition());
                    session.conclude(service.serviceArn(), right ? Outcome.SUCCEEDED : Outcome.NEEDS_ATTENTION,
                            "service " + service.name() + " " + observed[0].state(service).describe());
                }
            }
        }
        for (WatchSession session : sessions.values()) {
            session.timeOut("no answer about the service before berth's deadline");
        }
        return observed[0];
    }

    private Observation readOnce() {
        try {
            return reader.read(pre.stackId(), budget);
        } catch (BerthException e) {
            lost(e);
            return null;
        }
    }

    private Instant earliest() {
        Instant wake = nextEvents;
        for (WatchSession session : sessions.values()) {
            if (!session.decided() && session.nextPollAt().isBefore(wake)) {
                wake = session.nextPollAt();
            }
        }
        return wake;
    }

    private static Duration scale(Duration d) {
        return Duration.ofMillis((long) (d.toMillis() * 1.5));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
