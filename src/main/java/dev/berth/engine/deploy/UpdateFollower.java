package dev.berth.engine.deploy;

import dev.berth.engine.BerthException;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.deploy.verdict.Deadlines;
import dev.berth.engine.deploy.verdict.DeployVerdicts;
import dev.berth.engine.deploy.verdict.Observation;
import dev.berth.engine.deploy.verdict.Progress;
import dev.berth.engine.deploy.verdict.Request;
import dev.berth.engine.deploy.verdict.Verdict;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.CallBudget;
import dev.berth.engine.rollout.PollLoop;
import dev.berth.engine.rollout.PollPolicy;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.stack.CloudFormationMessages;
import dev.berth.engine.stack.StackEventStream;
import dev.berth.engine.stack.StackEventView;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private final ServiceWatches watches;
    private final List<String> rollbackFailed = new ArrayList<>();
    private final UpdateResults results;
    private final DeploymentAlarmReader alarms;
    private final AlarmPoller alarmPoller;
    private Instant nextEvents;
    private Instant lastFresh;
    private Duration eventDelay = FIRST_EVENT_POLL;
    private boolean cancelled;
    private String firstFailure;
    private String lastError;
    /** The stack's status as of the event being read, or as DescribeStacks last said. */
    private String status;
    /** The latest status of each nested stack, from its own stack events. */
    private final java.util.Map<String, String> nestedStatus = new java.util.HashMap<>();
    /** The first failure so far is a nested stack's "Embedded stack ..." (the failure inside it says why). */
    private boolean firstFailureEmbedded;

    UpdateFollower(CloudFormationClient cfn, EcsClient ecs, Clock clock, Sleeper sleeper, DeploymentListener listener,
                   PollPolicy policy, PreFlightReport pre, StackEventStream events, Deadlines deadlines, UpdateResults results,
                   DeploymentAlarmReader alarms) {
        this.cfn = cfn;
        this.alarms = alarms;
        this.alarmPoller = new AlarmPoller(alarms.cloudWatch(), AlarmPoller.alarmsOf(pre), clock, listener, pre.stackName());
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
        this.watches = new ServiceWatches(ecs, clock, sleeper, listener, policy, pre, reader, budget);
    }

    DeployResult follow(Request request, String token) {
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
                UpdateResults.stoppedTasks(watches.sessions()), lastError == null ? watches.lastError() : lastError);
        Optional<String> digest = observed != null && "UPDATE_COMPLETE".equals(observed.stackStatus())
                ? results.digestMismatch(observed, budget) : Optional.empty();
        Verdict verdict = DeployVerdicts.decide(request, progress, observed, digest);
        if (verdict.outcome() == dev.berth.engine.Outcome.ROLLED_BACK || verdict.outcome() == dev.berth.engine.Outcome.FAILED) {
            verdict = dev.berth.engine.deploy.verdict.AlarmVerdicts.refine(verdict, alarms.read(observed, pre.services().stream()
                    .filter(s -> s.alarms() != null && s.alarms().watched()).map(ServiceTarget::serviceArn)
                    .collect(java.util.stream.Collectors.toSet())));
        }
        alarmPoller.poll();
        return results.result(verdict, observed, watches.sessions(), events).withAlarmChanges(alarmPoller.changes());
    }

    /** One round: new events, the services the stack names, the services due a poll. */
    private Optional<Instant> step() throws InterruptedException {
        alarmPoller.poll();
        if (!clock.instant().isBefore(nextEvents)) {
            boolean fresh = readEvents();
            if (!fresh && Duration.between(lastFresh, clock.instant()).compareTo(STATUS_CHECK) >= 0) {
                readStatus();
            }
            if (DeployVerdicts.finished(status)) {
                // the last events may name services or task definitions the watch has not seen yet
                refreshWatches();
                return Optional.empty();
            }
            boolean endNear = watches.anyDecided();
            eventDelay = watches.none() ? min(scale(eventDelay), FRESH_EVENT_POLL)
                    : fresh || endNear ? FRESH_EVENT_POLL : min(scale(eventDelay), SLOWEST_EVENT_POLL);
            nextEvents = clock.instant().plus(eventDelay);
        }
        refreshWatches();
        watches.pollDue();
        return Optional.of(watches.earliest(nextEvents));
    }

    private void refreshWatches() {
        try {
            watches.refreshIfWanted();
        } catch (BerthException e) {
            lost(e);
        }
    }

    /** After the stack is done: give each watched service until its verdict, within the deadline. */
    private Optional<Instant> settle() throws InterruptedException {
        watches.pollDue();
        return watches.underWay() ? Optional.of(watches.earliest(clock.instant().plus(FRESH_EVENT_POLL))) : Optional.empty();
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
            if (event.isStackEvent() && event.stack().equals(pre.stackName())) {
                status = event.status();
            } else if (event.isStackEvent()) {
                nestedStatus.put(event.stack(), event.status());
            }
            noteFailure(event);
            if (!rollingBack()) {
                watches.noteEvent(event);
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
        boolean root = event.stack().equals(pre.stackName());
        String stackStatus = root ? status : nestedStatus.get(event.stack());
        if (stackStatus != null && stackStatus.contains("ROLLBACK")) {
            // continue-update-rollback names a nested stack's resources NestedStackName.LogicalId
            rollbackFailed.add(root ? event.logicalId() : event.stack() + "." + event.logicalId());
        } else if (firstFailure == null || (firstFailureEmbedded && !root)) {
            firstFailureEmbedded = "AWS::CloudFormation::Stack".equals(event.resourceType());
            firstFailure = (root ? "" : event.stack() + " ") + event.logicalId() + ": " + CloudFormationMessages.handlerMessage(
                    event.reason() == null ? "no reason given" : event.reason());
        }
    }

    private void cancel(Request request, String token) {
        cancelled = true;
        listener.on(new BerthEvent.PhaseChanged(clock.instant(), pre.stackName(), "timeout",
                "no verdict within " + request.timeout() + "; cancelling the update and following its rollback for at most "
                        + request.rollbackGrace()));
        try {
            cfn.cancelUpdateStack(r -> r.stackName(pre.stackName()).overrideConfiguration(budget.override())
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
        watches.conclude(observed[0]);
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

    private static Duration scale(Duration d) {
        return Duration.ofMillis((long) (d.toMillis() * 1.5));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
