package dev.berth.engine.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.BerthException;
import dev.berth.engine.Outcome;
import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.PollPolicy;
import dev.berth.engine.rollout.RolloutResult;
import dev.berth.engine.rollout.ServiceResult;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.rollout.StoppedTask;
import dev.berth.engine.rollout.TaskDefinitions;
import dev.berth.engine.rollout.TimelineSample;
import dev.berth.engine.rollout.WatchSession;
import dev.berth.engine.rollout.WatchedService;
import dev.berth.engine.stack.PlannedChange;
import dev.berth.engine.stack.StackEventStream;
import dev.berth.engine.stack.StackEventView;
import dev.berth.engine.stack.StackServices;
import dev.berth.engine.stack.StackStatuses;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code berth deploy}: updates a stack to a new version through a change set, follows its
 * events and the ECS rollouts it starts, and gives one strict verdict. At its own deadline it
 * cancels the update and follows the rollback to its end.
 */
public final class Deployer {
    private static final Duration FIRST_EVENT_POLL = Duration.ofSeconds(1);
    private static final Duration SLOWEST_EVENT_POLL = Duration.ofSeconds(3);
    /** How long a cancelled update may take to roll back before berth stops following it. */
    private static final Duration ROLLBACK_ALLOWANCE = Duration.ofMinutes(30);
    /** How long services may take to settle once the stack is done (CloudFormation waits for them first). */
    private static final Duration SETTLE_ALLOWANCE = Duration.ofMinutes(2);

    private final CloudFormationClient cfn;
    private final EcsClient ecs;
    private final EcrClient ecr;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DeploymentListener listener;
    private final PollPolicy policy;
    private final ObjectMapper json = new ObjectMapper();

    /** @param ecr null when the image need not be checked (no ECR in reach) */
    public Deployer(CloudFormationClient cfn, EcsClient ecs, EcrClient ecr, Clock clock, Sleeper sleeper,
                    DeploymentListener listener, PollPolicy policy) {
        this.cfn = cfn;
        this.ecs = ecs;
        this.ecr = ecr;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
        this.policy = policy;
    }

    public DeployResult deploy(DeployOptions options) {
        Instant started = clock.instant();
        PreFlightReport pre = new PreFlight(cfn, ecs, ecr, listener, clock).check(options);
        String source = pre.stackName();
        StackEventStream events = new StackEventStream(cfn, listener, clock, pre.stackId(), source);
        if (pre.reattach()) {
            listener.on(new BerthEvent.PhaseChanged(clock.instant(), source, "re-attach",
                    "stack is already being updated to version " + options.version() + " (" + pre.stackStatus() + "); following it"));
            events.markAtCurrentOperation();
            return new Run(options, pre, events, started, null, null, List.of()).follow();
        }
        listener.on(new BerthEvent.PhaseChanged(clock.instant(), source, "pre-flight",
                "passed: version " + pre.currentVersion() + " -> " + options.version() + services(pre)
                        + (pre.image() == null ? "" : "; image " + pre.image().reference() + " is " + pre.image().digest())));
        String token = OperationTokens.create(options.verb(), options.who(), options.approvedBy());
        ChangeSets changeSets = new ChangeSets(cfn, listener, clock);
        ChangeSets.Prepared changeSet = changeSets.prepare(pre, options, token);
        if (changeSet.empty()) {
            Instant now = clock.instant();
            String reason = "stack " + source + " already runs version " + options.version() + "; nothing to change";
            listener.on(new BerthEvent.VerdictReached(now, source, Outcome.UNCHANGED, reason));
            return new DeployResult(Outcome.UNCHANGED, reason, source, options.version(), pre.image(), pre.currentVersion(),
                    verb(options), options.who(), options.approvedBy(), options.reason(), token, changeSet.id(), pre.stackStatus(), started, now, List.of(),
                    List.of(), List.of(), List.of(), null, Map.of());
        }
        listener.on(new BerthEvent.ChangeSetReady(clock.instant(), source, changeSet.changes()));
        events.markNow();
        try {
            cfn.executeChangeSet(r -> r.changeSetName(changeSet.id()).clientRequestToken(token));
        } catch (SdkException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("IN_PROGRESS state") || "InvalidChangeSetStatus".equals(AwsErrors.errorCode(e))) {
                changeSets.delete(changeSet.id());
                throw new RefusedException("stack " + source + " is being updated by another deploy; berth deploys one "
                        + "version at a time (" + AwsErrors.describe(e) + ")", e);
            }
            throw AwsErrors.wrap("failed to execute the change set of stack " + source, e);
        }
        listener.on(new BerthEvent.PhaseChanged(clock.instant(), source, "updating",
                "change set executed; following the stack and its services"));
        return new Run(options, pre, events, started, token, changeSet.id(), changeSet.changes()).follow();
    }

    private static String services(PreFlightReport pre) {
        if (pre.services().isEmpty()) {
            return "; the stack owns no ECS service";
        }
        StringBuilder text = new StringBuilder();
        for (ServiceTarget service : pre.services()) {
            text.append("; service ").append(service.service()).append(" runs ")
                    .append(TaskDefinitions.shortName(service.taskDefinitionBefore())).append(", desired ")
                    .append(service.bounds().desired()).append(" (at least ").append(service.bounds().lower())
                    .append(" healthy, at most ").append(service.bounds().upper()).append(" running or pending)");
        }
        return text.toString();
    }

    private static String verb(DeployOptions options) {
        return options.verb().name().toLowerCase();
    }

    /** Following one stack operation to its end. */
    private final class Run {
        private final DeployOptions options;
        private final PreFlightReport pre;
        private final StackEventStream events;
        private final Instant started;
        private final String token;
        private final String changeSetId;
        private final List<PlannedChange> changes;
        private final Map<String, WatchSession> sessions = new LinkedHashMap<>();
        private Instant deadline;
        private boolean cancelled;
        private String firstFailure;
        private String rollbackFailedResources;
        /** The stack's status as of the event being read. */
        private String phase;

        Run(DeployOptions options, PreFlightReport pre, StackEventStream events, Instant started, String token,
            String changeSetId, List<PlannedChange> changes) {
            this.options = options;
            this.pre = pre;
            this.events = events;
            this.started = started;
            this.token = token;
            this.changeSetId = changeSetId;
            this.changes = changes;
            this.deadline = started.plus(options.timeout());
        }

        DeployResult follow() {
            Instant nextEvents = clock.instant();
            Duration eventDelay = FIRST_EVENT_POLL;
            try {
                while (true) {
                    Instant now = clock.instant();
                    if (!now.isBefore(deadline)) {
                        if (cancelled) {
                            return verdict(Optional.of("the cancelled update did not finish rolling back within "
                                    + ROLLBACK_ALLOWANCE.toMinutes() + " minutes"));
                        }
                        cancel();
                    }
                    if (!now.isBefore(nextEvents)) {
                        boolean fresh = readEvents();
                        // once a service has its verdict, CloudFormation is about to finish or fail the update
                        boolean endNear = sessions.values().stream().anyMatch(WatchSession::decided);
                        eventDelay = fresh || endNear ? FIRST_EVENT_POLL : min(scale(eventDelay), SLOWEST_EVENT_POLL);
                        nextEvents = clock.instant().plus(eventDelay);
                        if (StackStatuses.terminal(events.stackStatus())) {
                            break;
                        }
                    }
                    for (WatchSession session : sessions.values()) {
                        if (!session.decided() && !session.nextPollAt().isAfter(clock.instant())) {
                            session.pollDue();
                        }
                    }
                    sleepUntil(earliest(nextEvents));
                }
                settleServices();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BerthException("deploy of stack " + pre.stackName() + " was interrupted", e);
            }
            return verdict(Optional.empty());
        }

        private boolean readEvents() {
            List<StackEventView> fresh;
            try {
                fresh = events.poll();
            } catch (RefusedException e) {
                throw e;
            } catch (BerthException e) {
                listener.on(new BerthEvent.Warning(clock.instant(), pre.stackName(), e.getMessage() + "; reading again"));
                return false;
            }
            for (StackEventView event : fresh) {
                if (event.isStackEvent()) {
                    phase = event.status();
                }
                noteFailure(event);
                startWatching(event);
            }
            return !fresh.isEmpty();
        }

        /** Whether the stack, as of the event being read, is rolling back. */
        private boolean rollingBack() {
            return phase != null && phase.contains("ROLLBACK");
        }

        private void noteFailure(StackEventView event) {
            if (event.isStackEvent() || event.status() == null || !event.status().endsWith("_FAILED")) {
                return;
            }
            String reason = event.reason() == null ? "" : event.reason();
            if (reason.endsWith("cancelled")) {
                return;
            }
            if (rollingBack()) {
                rollbackFailedResources = rollbackFailedResources == null ? event.logicalId()
                        : rollbackFailedResources + " " + event.logicalId();
            } else if (firstFailure == null) {
                firstFailure = event.logicalId() + ": " + handlerMessage(reason);
            }
        }

        /** The service CloudFormation starts updating names the task definition this change registered. */
        private void startWatching(StackEventView event) {
            boolean serviceUpdate = "AWS::ECS::Service".equals(event.resourceType())
                    && ("UPDATE_IN_PROGRESS".equals(event.status()) || "CREATE_IN_PROGRESS".equals(event.status()))
                    && event.reason() == null && event.resourceProperties() != null
                    && event.physicalId() != null && event.physicalId().startsWith("arn:");
            if (!serviceUpdate || rollingBack()) {
                return;
            }
            String taskDefinition;
            try {
                JsonNode properties = json.readTree(event.resourceProperties());
                taskDefinition = properties.path("TaskDefinition").asText(null);
            } catch (IOException e) {
                return;
            }
            String cluster = StackServices.clusterOf(event.physicalId());
            WatchSession session = sessions.computeIfAbsent(cluster,
                    c -> new WatchSession(ecs, clock, sleeper, listener, c, policy, pre.stackName()));
            if (!session.watching(event.physicalId())) {
                session.watch(new WatchedService(event.physicalId(), Optional.ofNullable(taskDefinition)));
            }
        }

        private void cancel() {
            cancelled = true;
            deadline = clock.instant().plus(ROLLBACK_ALLOWANCE);
            listener.on(new BerthEvent.PhaseChanged(clock.instant(), pre.stackName(), "timeout",
                    "no verdict within " + options.timeout() + "; cancelling the update"));
            try {
                cfn.cancelUpdateStack(r -> r.stackName(pre.stackId()).clientRequestToken(token == null ? null : token + "-cancel"));
            } catch (SdkException e) {
                listener.on(new BerthEvent.Warning(clock.instant(), pre.stackName(), "could not cancel the update ("
                        + AwsErrors.describe(e) + "); following it to its end"));
            }
        }

        /** Once the stack is done, gives each watched service a little while to show its final state. */
        private void settleServices() throws InterruptedException {
            Instant until = clock.instant().plus(SETTLE_ALLOWANCE);
            for (WatchSession session : sessions.values()) {
                while (!session.decided() && clock.instant().isBefore(until)) {
                    Instant next = session.nextPollAt();
                    if (next.isAfter(clock.instant())) {
                        sleeper.sleep(Duration.between(clock.instant(), next.isBefore(until) ? next : until));
                    }
                    session.pollDue();
                }
                if (!session.decided()) {
                    session.timeOut("the stack finished but the service did not settle within " + SETTLE_ALLOWANCE);
                }
            }
        }

        private DeployResult verdict(Optional<String> unfinished) {
            String status = events.stackStatus() == null ? pre.stackStatus() : events.stackStatus();
            List<ServiceResult> services = new ArrayList<>();
            List<TimelineSample> timeline = new ArrayList<>();
            Map<String, Integer> calls = new TreeMap<>();
            for (WatchSession session : sessions.values()) {
                RolloutResult result = session.decided() ? session.result() : null;
                if (result != null) {
                    services.addAll(result.services());
                }
                timeline.addAll(session.timeline());
                session.calls().forEach((k, v) -> calls.merge(k, v, Integer::sum));
            }
            calls.merge("DescribeStackEvents", events.calls(), Integer::sum);
            Outcome outcome;
            String reason;
            String recovery = null;
            String name = pre.stackName();
            if (unfinished.isPresent()) {
                outcome = Outcome.NEEDS_ATTENTION;
                reason = unfinished.get() + "; stack " + name + " is " + status;
            } else if ("UPDATE_COMPLETE".equals(status)) {
                Optional<ServiceResult> bad = services.stream().filter(s -> s.outcome() != Outcome.SUCCEEDED).findFirst();
                if (cancelled) {
                    outcome = Outcome.TIMED_OUT;
                    reason = "the update could no longer be cancelled and completed after the deadline; stack " + name
                            + " runs version " + options.version();
                } else if (bad.isPresent()) {
                    outcome = Outcome.NEEDS_ATTENTION;
                    reason = "stack " + name + " is UPDATE_COMPLETE but service " + bad.get().service() + " is not right: "
                            + bad.get().reason();
                } else {
                    Optional<String> wrongDigest = digestMismatch(services);
                    outcome = wrongDigest.isPresent() ? Outcome.NEEDS_ATTENTION : Outcome.SUCCEEDED;
                    reason = wrongDigest.orElse("stack " + name + " UPDATE_COMPLETE at version " + options.version()
                            + (pre.image() == null ? "" : " (" + pre.image().digest() + ")") + servicesSummary(services));
                }
            } else if ("UPDATE_ROLLBACK_COMPLETE".equals(status)) {
                Optional<String> notRestored = restored();
                String why = cancelled ? "no verdict within " + options.timeout() + "; the update was cancelled"
                        : firstFailure == null ? "the update failed" : firstFailure;
                String stopped = stoppedTasks(services);
                if (notRestored.isPresent()) {
                    outcome = Outcome.NEEDS_ATTENTION;
                    reason = why + "; stack " + name + " rolled back but " + notRestored.get();
                } else {
                    outcome = cancelled ? Outcome.TIMED_OUT : Outcome.ROLLED_BACK;
                    reason = why + stopped + "; stack " + name + " rolled back to version " + previousVersion()
                            + restoredSummary();
                }
            } else if ("UPDATE_ROLLBACK_FAILED".equals(status)) {
                outcome = Outcome.NEEDS_ATTENTION;
                String skip = rollbackFailedResources == null ? "" : " --resources-to-skip " + rollbackFailedResources;
                recovery = "aws cloudformation continue-update-rollback --stack-name " + name + skip;
                reason = (firstFailure == null ? "the update failed" : firstFailure) + "; then its rollback failed"
                        + (rollbackFailedResources == null ? "" : " on " + rollbackFailedResources)
                        + ". Stack " + name + " is UPDATE_ROLLBACK_FAILED. Recover with: " + recovery;
            } else {
                outcome = Outcome.FAILED;
                reason = (firstFailure == null ? "the update failed" : firstFailure) + "; stack " + name + " is " + status;
            }
            Instant now = clock.instant();
            listener.on(new BerthEvent.VerdictReached(now, name, outcome, reason));
            return new DeployResult(outcome, reason, name, options.version(), pre.image(),
                    pre.reattach() ? null : pre.currentVersion(),
                    verb(options), options.who(), options.approvedBy(), options.reason(), token, changeSetId, status, started, now, changes, events.events(),
                    List.copyOf(services), List.copyOf(timeline), recovery, Map.copyOf(calls));
        }

        /** The running tasks must report the digest the version had at pre-flight: a moved tag shows here. */
        private Optional<String> digestMismatch(List<ServiceResult> services) {
            if (pre.image() == null) {
                return Optional.empty();
            }
            for (WatchSession session : sessions.values()) {
                for (ServiceResult service : services) {
                    try {
                        List<String> arns = ecs.listTasks(r -> r.cluster(session.cluster()).serviceName(service.service())).taskArns();
                        if (arns.isEmpty()) {
                            continue;
                        }
                        for (var task : ecs.describeTasks(r -> r.cluster(session.cluster()).tasks(arns)).tasks()) {
                            for (var container : task.containers()) {
                                boolean ours = container.image() != null && container.image().startsWith(pre.image().repositoryUri());
                                if (ours && container.imageDigest() != null && !container.imageDigest().equals(pre.image().digest())) {
                                    return Optional.of("service " + service.service() + " runs " + container.imageDigest()
                                            + ", not " + pre.image().digest() + " that version " + options.version()
                                            + " had when the deploy began: the tag was moved");
                                }
                            }
                        }
                    } catch (SdkException e) {
                        listener.on(new BerthEvent.Warning(clock.instant(), pre.stackName(), "could not read the digests of "
                                + service.service() + "'s tasks (" + AwsErrors.describe(e) + ")"));
                    }
                }
            }
            return Optional.empty();
        }

        /** Whether every service is back on what it ran before, with one COMPLETED deployment. */
        private Optional<String> restored() {
            for (ServiceTarget target : pre.services()) {
                Service service;
                try {
                    service = ecs.describeServices(r -> r.cluster(target.cluster()).services(target.serviceArn())).services()
                            .stream().findFirst().orElse(null);
                } catch (SdkException e) {
                    return Optional.of("service " + target.service() + " could not be read (" + AwsErrors.describe(e) + ")");
                }
                if (service == null) {
                    return Optional.of("service " + target.service() + " is gone");
                }
                boolean before = pre.reattach() || target.taskDefinitionBefore().equals(service.taskDefinition());
                boolean stable = service.deployments().size() == 1
                        && "COMPLETED".equals(service.deployments().get(0).rolloutStateAsString());
                if (!before || !stable) {
                    return Optional.of("service " + target.service() + " runs " + TaskDefinitions.shortName(service.taskDefinition())
                            + (stable ? "" : " and is still deploying") + " instead of "
                            + TaskDefinitions.shortName(target.taskDefinitionBefore()));
                }
            }
            return Optional.empty();
        }

        private String previousVersion() {
            return pre.reattach() || pre.currentVersion() == null ? "the previous version" : pre.currentVersion();
        }

        private String restoredSummary() {
            StringBuilder text = new StringBuilder();
            for (ServiceTarget target : pre.services()) {
                text.append("; service ").append(target.service()).append(" is back on ")
                        .append(TaskDefinitions.shortName(target.taskDefinitionBefore()));
            }
            return text.toString();
        }

        private Instant earliest(Instant nextEvents) {
            Instant wake = nextEvents;
            for (WatchSession session : sessions.values()) {
                if (!session.decided() && session.nextPollAt().isBefore(wake)) {
                    wake = session.nextPollAt();
                }
            }
            return wake.isBefore(deadline) ? wake : deadline;
        }

        private void sleepUntil(Instant wake) throws InterruptedException {
            Duration wait = Duration.between(clock.instant(), wake);
            if (!wait.isNegative() && !wait.isZero()) {
                sleeper.sleep(wait);
            }
        }
    }

    private static String servicesSummary(List<ServiceResult> services) {
        StringBuilder text = new StringBuilder();
        for (ServiceResult service : services) {
            text.append("; service ").append(service.service()).append(": ").append(service.reason());
        }
        return text.toString();
    }

    private static String stoppedTasks(List<ServiceResult> services) {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (ServiceResult service : services) {
            for (StoppedTask task : service.stoppedTasks()) {
                reasons.merge(task.summary(), 1, Integer::sum);
            }
        }
        if (reasons.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" (tasks stopped: ");
        boolean first = true;
        for (Map.Entry<String, Integer> entry : reasons.entrySet()) {
            text.append(first ? "" : "; ").append(entry.getValue()).append(" x ").append(entry.getKey());
            first = false;
        }
        return text.append(')').toString();
    }

    /** The message inside CloudFormation's "Resource handler returned message: ..." wrapper. */
    static String handlerMessage(String reason) {
        String prefix = "Resource handler returned message: \"";
        if (reason.startsWith(prefix)) {
            int end = reason.lastIndexOf("\" (RequestToken");
            if (end > prefix.length()) {
                return reason.substring(prefix.length(), end);
            }
        }
        return reason;
    }

    private static Duration scale(Duration d) {
        return Duration.ofMillis((long) (d.toMillis() * 1.5));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
