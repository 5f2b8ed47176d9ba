package dev.berth.engine.deploy;

import dev.berth.engine.Outcome;
import dev.berth.engine.Timing;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.deploy.verdict.Observation;
import dev.berth.engine.deploy.verdict.OwnedService;
import dev.berth.engine.deploy.verdict.ServiceState;
import dev.berth.engine.deploy.verdict.Verdict;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.CallBudget;
import dev.berth.engine.rollout.RolloutEvidence;
import dev.berth.engine.rollout.RolloutResult;
import dev.berth.engine.rollout.ServiceResult;
import dev.berth.engine.rollout.StoppedTask;
import dev.berth.engine.rollout.TaskDefinitions;
import dev.berth.engine.rollout.TimelineSample;
import dev.berth.engine.rollout.WatchSession;
import dev.berth.engine.stack.StackEventStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Puts a deploy's verdict and its evidence together: services, timeline, events, the calls made. */
final class UpdateResults {
    private final EcsClient ecs;
    private final Clock clock;
    private final DeploymentListener listener;
    private final DeployOptions options;
    private final PreFlightReport pre;
    private final Instant started;
    private final DeployResult.Update update;

    UpdateResults(EcsClient ecs, Clock clock, DeploymentListener listener, DeployOptions options, PreFlightReport pre,
                  Instant started, DeployResult.Update update) {
        this.ecs = ecs;
        this.clock = clock;
        this.listener = listener;
        this.options = options;
        this.pre = pre;
        this.started = started;
        this.update = update;
    }

    DeployResult result(Verdict verdict, Observation observed, Collection<WatchSession> sessions, StackEventStream events) {
        List<ServiceResult> services = new ArrayList<>();
        List<TimelineSample> timeline = new ArrayList<>();
        Map<String, Integer> calls = new TreeMap<>();
        Set<String> judged = new HashSet<>();
        Map<String, OwnedService> owned = new HashMap<>();
        if (observed != null) {
            observed.services().forEach(s -> owned.put(s.name(), s));
        }
        for (WatchSession session : sessions) {
            RolloutResult result = session.result();
            for (ServiceResult service : result.evidence().services()) {
                OwnedService atEnd = owned.get(service.service());
                // a service the update replaced is gone at the end: its successor is the one judged
                if (observed == null || atEnd != null && judgedAgainst(service, atEnd, observed.stackStatus())) {
                    services.add(service);
                    judged.add(service.service());
                }
            }
            timeline.addAll(session.timeline());
            session.calls().forEach((k, v) -> calls.merge(k, v, Integer::sum));
        }
        if (observed != null) {
            for (OwnedService service : observed.services()) {
                if (!judged.contains(service.name())) {
                    services.add(fromState(service, observed.state(service)));
                }
            }
        }
        calls.merge("DescribeStackEvents", events.calls(), Integer::sum);
        Instant now = clock.instant();
        String status = observed == null ? null : observed.stackStatus();
        listener.on(new BerthEvent.VerdictReached(now, pre.stackName(), verdict.outcome(), verdict.reason()));
        return new DeployResult(verdict, DeployResult.Release.of(pre, options), DeployResult.Requester.of(options), update,
                new DeployResult.StackState(status, events.events()), new Timing(started, now),
                new RolloutEvidence(services, timeline, calls));
    }

    /**
     * Whether a live judgement holds at the end. After an update that completed, it must have been made
     * against the task definition the stack names now: one made against a revision read before the stack
     * had updated it is replaced by the end state. After a rollback the stack names the old revisions
     * again, and the judgement of the update's own revision stands.
     */
    private static boolean judgedAgainst(ServiceResult service, OwnedService atEnd, String stackStatus) {
        return !"UPDATE_COMPLETE".equals(stackStatus) || atEnd.expectedTaskDefinition() == null
                || TaskDefinitions.matches(service.rollout().expectedTaskDefinition(), atEnd.expectedTaskDefinition());
    }

    /** A service berth did not watch live (created by the update, say), judged from its state alone. */
    private static ServiceResult fromState(OwnedService service, ServiceState state) {
        boolean right = state.runsCompleted(service.expectedTaskDefinition());
        return new ServiceResult(service.name(), right ? Outcome.SUCCEEDED : Outcome.NEEDS_ATTENTION,
                "service " + service.name() + " " + state.describe(),
                ServiceResult.Rollout.fromState(service.expectedTaskDefinition(), state.primaryTaskDefinition(),
                        state.primaryRolloutState()),
                ServiceResult.Bounds.desiredOnly(state.desired()), ServiceResult.Evidence.NONE);
    }

    /** The running tasks must report the digest the version had at pre-flight: a moved tag shows here. */
    Optional<String> digestMismatch(Observation observed, CallBudget budget) {
        if (pre.image() == null) {
            return Optional.empty();
        }
        for (OwnedService service : observed.services()) {
            try {
                List<String> arns = ecs.listTasks(r -> r.cluster(service.cluster()).serviceName(service.serviceArn())
                        .overrideConfiguration(budget.override())).taskArns();
                if (arns.isEmpty()) {
                    continue;
                }
                for (var task : ecs.describeTasks(r -> r.cluster(service.cluster()).tasks(arns)
                        .overrideConfiguration(budget.override())).tasks()) {
                    for (var container : task.containers()) {
                        boolean ours = container.image() != null && container.image().startsWith(pre.image().repositoryUri());
                        if (ours && container.imageDigest() != null && !container.imageDigest().equals(pre.image().digest())) {
                            return Optional.of("service " + service.name() + " runs " + container.imageDigest()
                                    + ", not " + pre.image().digest() + " that version " + options.version()
                                    + " had when the deploy began: the tag was moved");
                        }
                    }
                }
            } catch (SdkException e) {
                listener.on(new BerthEvent.Warning(clock.instant(), pre.stackName(), "could not read the digests of "
                        + service.name() + "'s tasks (" + AwsErrors.describe(e) + ")"));
            }
        }
        return Optional.empty();
    }

    /** " (tasks stopped: 3 x reason)", or empty when none were seen. */
    static String stoppedTasks(Collection<WatchSession> sessions) {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (WatchSession session : sessions) {
            if (!session.decided()) {
                continue;
            }
            for (ServiceResult service : session.result().evidence().services()) {
                for (StoppedTask task : service.evidence().stoppedTasks()) {
                    reasons.merge(task.summary(), 1, Integer::sum);
                }
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
}
