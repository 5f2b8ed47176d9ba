package dev.berth.engine.deploy;

import dev.berth.engine.Outcome;
import dev.berth.engine.RefusedException;
import dev.berth.engine.Timing;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.deploy.verdict.Verdict;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.RolloutEvidence;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.stack.StackServices;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deploy followed by berth's own bake time: only when the bake time passes without a failure is
 * the release SUCCEEDED; a failure within it rolls back through CloudFormation to the previous
 * version (a deploy of it, as {@code berth rollback} does) and ends ROLLED_BACK naming what failed.
 */
public final class BakedDeploy {
    private final Deployer deployer;
    private final CloudFormationClient cfn;
    private final EcsClient ecs;
    private final CloudWatchClient cloudWatch;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DeploymentListener listener;

    public BakedDeploy(Deployer deployer, CloudFormationClient cfn, EcsClient ecs, CloudWatchClient cloudWatch, Clock clock,
                       Sleeper sleeper, DeploymentListener listener) {
        this.deployer = deployer;
        this.cfn = cfn;
        this.ecs = ecs;
        this.cloudWatch = cloudWatch;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    public DeployResult deploy(DeployOptions options, BakeOptions bake) {
        if (bake.none()) {
            return deployer.deploy(options);
        }
        requireAlarms(bake);
        DeployResult released = deployer.deploy(options);
        if (released.outcome() != Outcome.SUCCEEDED) {
            return released;
        }
        Optional<String> failure = new BakeWatch(ecs, cloudWatch, clock, sleeper, listener)
                .watch(released.release().stack(), watched(released.release().stack()), bake.alarms(), bake.bakeTime());
        if (failure.isEmpty()) {
            return with(released, Outcome.SUCCEEDED, released.reason() + "; bake time of " + human(bake)
                    + " passed without a stopped task" + (bake.alarms().isEmpty() ? "" : " or an alarm"), released);
        }
        String why = "bake time of " + human(bake) + ": " + failure.get();
        listener.on(new BerthEvent.Warning(clock.instant(), released.release().stack(), why + "; rolling back"));
        if (released.release().previousVersion() == null) {
            return with(released, Outcome.NEEDS_ATTENTION, why + "; the previous version is unknown, so berth did not roll back:"
                    + " berth rollback --stack " + released.release().stack(), released);
        }
        DeployResult back = deployer.deploy(new DeployOptions(options.stack(), released.release().previousVersion(), options.parameter(),
                options.timeout(), DeployOptions.Verb.ROLLBACK, options.who(), "bake time of version " + options.version()
                + " failed", options.repositoryParameter(), false, options.approvedBy(), options.rollbackGrace()));
        if (back.outcome() == Outcome.SUCCEEDED) {
            return with(released, Outcome.ROLLED_BACK, why + "; rolled back through CloudFormation to version "
                    + released.release().previousVersion() + " (" + back.reason() + ")", back);
        }
        return with(released, back.outcome() == Outcome.UNCHANGED ? Outcome.ROLLED_BACK : Outcome.NEEDS_ATTENTION,
                why + "; the rollback to version " + released.release().previousVersion() + " ended " + back.outcome() + ": " + back.reason(), back);
    }

    private static String human(BakeOptions bake) {
        return bake.bakeTime().toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private void requireAlarms(BakeOptions bake) {
        if (bake.alarms().isEmpty()) {
            return;
        }
        List<String> found;
        try {
            found = cloudWatch.describeAlarms(r -> r.alarmNames(bake.alarms())).metricAlarms().stream()
                    .map(MetricAlarm::alarmName).toList();
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to describe the alarms " + String.join(", ", bake.alarms()), e);
        }
        List<String> missing = new ArrayList<>(bake.alarms());
        missing.removeAll(found);
        if (!missing.isEmpty()) {
            throw new RefusedException("no CloudWatch alarm named " + String.join(", ", missing) + " to watch during the bake time");
        }
    }

    private List<BakeWatch.Watched> watched(String stack) {
        List<BakeWatch.Watched> services = new ArrayList<>();
        for (StackServices.StackService owned : StackServices.of(cfn, stack)) {
            List<Service> found = ecs.describeServices(r -> r.cluster(owned.cluster()).services(owned.serviceArn())).services();
            if (!found.isEmpty()) {
                services.add(new BakeWatch.Watched(owned.cluster(), owned.serviceArn(), found.get(0).serviceName(),
                        PreFlight.runningTaskDefinition(found.get(0))));
            }
        }
        return services;
    }

    /** The release's result with the verdict after its bake time, and the evidence of the rollback when there was one. */
    private DeployResult with(DeployResult released, Outcome outcome, String reason, DeployResult last) {
        boolean rolled = last != released;
        RolloutEvidence first = released.evidence();
        RolloutEvidence then = rolled ? last.evidence() : RolloutEvidence.NONE;
        Map<String, Integer> calls = new HashMap<>(first.apiCalls());
        then.apiCalls().forEach((k, v) -> calls.merge(k, v, Integer::sum));
        RolloutEvidence evidence = new RolloutEvidence(concat(first.services(), then.services()),
                concat(first.timeline(), then.timeline()), calls, concat(first.alarmChanges(), then.alarmChanges()));
        DeployResult.StackState stack = new DeployResult.StackState(last.stack().status(),
                concat(released.stack().events(), rolled ? last.stack().events() : List.of()));
        Timing timing = new Timing(released.timing().startedAt(), rolled ? last.timing().finishedAt() : clock.instant());
        return new DeployResult(new Verdict(outcome, reason, last.verdict().recovery()), released.release(),
                released.requester(), released.update(), stack, timing, evidence);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a == null ? List.of() : a);
        all.addAll(b == null ? List.of() : b);
        return all;
    }
}
