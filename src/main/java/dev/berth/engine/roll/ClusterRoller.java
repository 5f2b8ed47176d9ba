package dev.berth.engine.roll;

import dev.berth.engine.Outcome;
import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.PollLoop;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code berth cluster roll}: replaces a cluster stack's container instances one at a time through
 * draining. Pre-flight changes nothing and refuses what cannot go safely; then, for each instance
 * present at the start, {@link RollStep} says what to do and this driver does it, checking every
 * service's bounds ({@link RollBounds}) at every poll and stopping at the first breach. For the roll's
 * duration the group's alarm-driven scaling, zone rebalancing and scheduled actions are suspended
 * ({@link RollProcesses}), so nothing else resizes the group; they are resumed whatever the verdict.
 */
public final class ClusterRoller {
    private final RollCalls calls;
    private final PollLoop loop;
    private final DeploymentListener listener;

    public ClusterRoller(RollCalls calls, PollLoop loop, DeploymentListener listener) {
        this.calls = calls;
        this.loop = loop;
        this.listener = listener;
    }

    public ClusterRoller(CloudFormationClient cfn, AutoScalingClient autoScaling, EcsClient ecs, PollLoop loop,
                         DeploymentListener listener) {
        this(new AwsRollCalls(cfn, autoScaling, ecs), loop, listener);
    }

    /** The state of one roll as it goes. */
    private final class Run {
        final RollOptions options;
        final RollCalls.Target target;
        final Instant startedAt;
        final Instant deadline;
        final int desired;
        final boolean surge;
        final String plan;
        final Set<String> known = new HashSet<>();
        final List<RollResult.Replacement> replaced = new ArrayList<>();
        final Map<String, Integer> lowest = new LinkedHashMap<>();
        final List<String> breaches = new ArrayList<>();
        final Map<String, String> arns = new HashMap<>();
        RollStep.Stage stage;
        String failure;

        Run(RollOptions options, RollCalls.Target target, Instant startedAt, int desired, RollPlan plan) {
            this.options = options;
            this.target = target;
            this.startedAt = startedAt;
            this.deadline = startedAt.plus(options.timeout());
            this.desired = desired;
            this.surge = plan.kind() == RollPlan.Kind.SURGE;
            this.plan = plan.kind().name();
        }

        RollResult result(Outcome outcome, String reason, String recovery) {
            return new RollResult(outcome, reason, recovery, target.stack(), target.cluster(), target.group(), plan, replaced,
                    lowest, breaches, startedAt, loop.clock().instant());
        }
    }

    public RollResult roll(RollOptions options) throws InterruptedException {
        Instant startedAt = loop.clock().instant();
        RollCalls.Target target;
        RollCalls.Snapshot first;
        RollPlan plan;
        List<String> suspended;
        try {
            target = calls.target(options.stack());
            first = calls.read(target);
            plan = preFlight(target, first);
            suspended = RollProcesses.toSuspend(first.suspended());
            if (!suspended.isEmpty()) {
                calls.suspend(target, suspended);
            }
        } catch (SdkException e) {
            throw new RefusedException("cannot prepare cluster stack " + options.stack() + " for a roll: " + AwsErrors.describe(e), e);
        }
        phase(target, "pre-flight", plan.reason() + (suspended.isEmpty() ? "" : "; suspended " + String.join(", ", suspended)
                + " of group " + target.group() + " for the roll"));
        Run run = new Run(options, target, startedAt, first.group().desired(), plan);
        RollResult result;
        try {
            result = replaceAll(run, first);
        } catch (RuntimeException | InterruptedException e) {
            resume(run, suspended);
            throw e;
        }
        return finish(withResume(result, resume(run, suspended)));
    }

    /** Replaces each instance present at the start; the verdict before the group's processes are resumed. */
    private RollResult replaceAll(Run run, RollCalls.Snapshot first) throws InterruptedException {
        run.known.addAll(first.lifecycle().keySet());
        run.known.addAll(first.registered().keySet());
        first.registered().forEach((id, r) -> run.arns.put(id, r.arn()));
        record(run, first);
        for (String old : first.lifecycle().keySet()) {
            run.stage = RollStep.Stage.start(old, run.surge);
            boolean finished = loop.run(run.deadline, () -> poll(run));
            if (run.failure != null) {
                return run.result(run.breaches.isEmpty() ? Outcome.FAILED : Outcome.NEEDS_ATTENTION, run.failure, recovery(run));
            }
            if (!finished) {
                return run.result(Outcome.TIMED_OUT, "the roll did not finish within " + run.options.timeout() + ": instance " + old
                        + " was at " + run.stage.phase() + "; " + run.replaced.size() + " of " + first.lifecycle().size()
                        + " instances replaced", recovery(run));
            }
            run.replaced.add(new RollResult.Replacement(old, run.stage.replacement()));
            run.known.add(run.stage.replacement());
            phase(run.target, "replaced", old + " -> " + run.stage.replacement());
        }
        int count = run.replaced.size();
        return run.result(Outcome.SUCCEEDED, "replaced " + count + (count == 1 ? " instance" : " instances") + " of group "
                + run.target.group() + " one at a time; every service stayed within its bounds at every poll", null);
    }

    /** Resumes what the roll suspended; answers why that failed, or null. */
    private String resume(Run run, List<String> suspended) {
        if (suspended.isEmpty()) {
            return null;
        }
        try {
            calls.resume(run.target, suspended);
            phase(run.target, "resumed", String.join(", ", suspended) + " of group " + run.target.group());
            return null;
        } catch (SdkException e) {
            String why = "resuming " + String.join(", ", suspended) + " of group " + run.target.group() + " failed: "
                    + AwsErrors.describe(e);
            listener.on(new BerthEvent.Warning(loop.clock().instant(), run.target.stack(), why));
            return why + "; `" + RollProcesses.resumeCommand(run.target.group(), suspended) + "` resumes them";
        }
    }

    private static RollResult withResume(RollResult result, String failure) {
        return failure == null ? result : RollProcesses.afterFailedResume(result, failure);
    }

    private RollResult finish(RollResult result) {
        listener.on(new BerthEvent.VerdictReached(loop.clock().instant(), result.stack(), result.outcome(), result.reason()));
        return result;
    }

    private RollPlan preFlight(RollCalls.Target target, RollCalls.Snapshot first) {
        Map<String, String> statuses = new HashMap<>();
        first.registered().forEach((id, r) -> statuses.put(id, r.status()));
        List<String> problems = new ArrayList<>(RollProcesses.problems(target.group(), first.suspended()));
        problems.addAll(RollReadiness.problems(target.group(), target.cluster(), first.group().desired(),
                first.lifecycle(), statuses, first.services()));
        if (!problems.isEmpty()) {
            throw new RefusedException("cluster stack " + target.stack() + " is not ready to roll: " + String.join("; ", problems));
        }
        List<RollPlan.ServiceLoad> loads = new ArrayList<>();
        if (first.group().desired() + 1 > first.group().maxSize()) {
            for (ServiceCount service : first.services()) {
                loads.add(new RollPlan.ServiceLoad(service, calls.mostOnOneInstance(target.cluster(), service.name())));
            }
        }
        RollPlan plan = RollPlan.of(first.group(), loads);
        if (plan.kind() == RollPlan.Kind.REFUSED) {
            throw new RefusedException(plan.reason());
        }
        return plan;
    }

    /** One poll: read, check the bounds, decide, act. Empty when this instance is done or the roll must stop. */
    private Optional<Instant> poll(Run run) {
        RollCalls.Snapshot seen;
        try {
            seen = calls.read(run.target);
            if (!record(run, seen)) {
                run.failure = "a service left its bounds while instance " + run.stage.old() + " was at " + run.stage.phase()
                        + ": " + String.join("; ", run.breaches) + "; berth stopped the roll";
                return Optional.empty();
            }
            RollStep.Decision decision = RollStep.next(run.stage, observation(run, seen));
            act(run, decision.action(), seen);
            run.stage = decision.stage();
            if (decision.action() == RollStep.Action.DONE) {
                return Optional.empty();
            }
        } catch (SdkException e) {
            run.failure = "the roll failed while instance " + run.stage.old() + " was at " + run.stage.phase() + ": "
                    + AwsErrors.describe(e);
            return Optional.empty();
        }
        return Optional.of(loop.clock().instant().plus(run.options.pollInterval()));
    }

    /** Notes the lowest running counts and any breach; false on a breach, which is reported at once. */
    private boolean record(Run run, RollCalls.Snapshot seen) {
        seen.registered().forEach((id, r) -> run.arns.putIfAbsent(id, r.arn()));
        for (ServiceCount service : seen.services()) {
            run.lowest.merge(service.name(), service.running(), Math::min);
        }
        List<String> breaches = RollBounds.breaches(seen.services());
        for (String breach : breaches) {
            listener.on(new BerthEvent.Warning(loop.clock().instant(), run.target.stack(), "bounds breached: " + breach));
        }
        run.breaches.addAll(breaches);
        return breaches.isEmpty();
    }

    private RollStep.Observation observation(Run run, RollCalls.Snapshot seen) {
        Set<String> inGroup = new HashSet<>();
        seen.lifecycle().forEach((id, state) -> {
            if (!state.equals("Terminated")) {
                inGroup.add(id);
            }
        });
        Set<String> active = new HashSet<>();
        seen.registered().forEach((id, r) -> {
            if ("ACTIVE".equals(r.status())) {
                active.add(id);
            }
        });
        RollCalls.Registered old = seen.registered().get(run.stage.old());
        boolean steady = seen.services().stream().allMatch(ServiceCount::steady);
        return new RollStep.Observation(inGroup, seen.registered().keySet(), active, run.known, old == null ? 0 : old.tasks(), steady);
    }

    private void act(Run run, RollStep.Action action, RollCalls.Snapshot seen) {
        String old = run.stage.old();
        switch (action) {
            case GROW -> {
                int to = seen.group().desired() + 1;
                calls.setDesiredCapacity(run.target, to);
                phase(run.target, "growing", "group " + run.target.group() + " to " + to + " for the replacement of " + old);
            }
            case DRAIN -> {
                calls.drain(run.target, run.arns.get(old));
                phase(run.target, "draining", old);
            }
            case TERMINATE -> {
                calls.terminate(old, run.surge);
                phase(run.target, "terminating", old + (run.surge ? " (the group shrinks back)" : " (the group replaces it)"));
            }
            case WAIT, DONE -> {
            }
        }
    }

    private String recovery(Run run) {
        return RollRecovery.of(run.stage, run.target.stack(), run.target.group(), run.target.cluster(), run.desired,
                run.arns.getOrDefault(run.stage.old(), "<container-instance ARN of " + run.stage.old() + ">"));
    }

    private void phase(RollCalls.Target target, String phase, String detail) {
        listener.on(new BerthEvent.PhaseChanged(loop.clock().instant(), target.stack(), phase, detail));
    }
}
