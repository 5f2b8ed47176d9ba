package dev.berth.engine.deploy;

import dev.berth.engine.BerthException;
import dev.berth.engine.Timing;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.deploy.verdict.Deadlines;
import dev.berth.engine.deploy.verdict.DeployVerdicts;
import dev.berth.engine.deploy.verdict.Observation;
import dev.berth.engine.deploy.verdict.Request;
import dev.berth.engine.deploy.verdict.Verdict;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.CallBudget;
import dev.berth.engine.rollout.PollPolicy;
import dev.berth.engine.rollout.RolloutEvidence;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.rollout.TaskDefinitions;
import dev.berth.engine.stack.StackEventStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code berth deploy}: updates a stack to a new version through a change set, follows its
 * events and the ECS rollouts it starts ({@link UpdateFollower}), and gives one strict verdict
 * ({@link DeployVerdicts}). At its own deadline it cancels the update and follows the rollback for
 * at most the rollback grace. Once the update is executed, nothing ends in a refusal.
 */
public final class Deployer {
    private final CloudFormationClient cfn;
    private final EcsClient ecs;
    private final EcrClient ecr;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DeploymentListener listener;
    private final PollPolicy policy;
    private final software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch;

    /** @param ecr null when the image need not be checked (no ECR in reach) */
    public Deployer(CloudFormationClient cfn, EcsClient ecs, EcrClient ecr, Clock clock, Sleeper sleeper,
                    DeploymentListener listener, PollPolicy policy) {
        this(cfn, ecs, ecr, null, clock, sleeper, listener, policy);
    }

    /** @param cloudWatch null when deployment alarms are to be named without their reason and time */
    public Deployer(CloudFormationClient cfn, EcsClient ecs, EcrClient ecr,
                    software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch, Clock clock, Sleeper sleeper,
                    DeploymentListener listener, PollPolicy policy) {
        this.cloudWatch = cloudWatch;
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
        Deadlines deadlines = Deadlines.of(started, options.timeout(), options.rollbackGrace());
        Request request = new Request(pre.stackName(), options.version(), options.parameter(), pre.parameterValue(),
                pre.reattach() ? null : pre.currentVersion(), options.timeout(), options.rollbackGrace(), followCommand(options, pre),
                pre.image() == null ? null : pre.image().digest());
        String source = pre.stackName();
        StackEventStream events = new StackEventStream(cfn, listener, clock, pre.stackId(), source);
        if (pre.reattach()) {
            listener.on(new BerthEvent.PhaseChanged(clock.instant(), source, "re-attach",
                    "stack is already being " + (pre.stackStatus().startsWith("UPDATE_ROLLBACK") ? "rolled back from" : "updated to")
                            + " version " + options.version() + " (" + pre.stackStatus() + "); following it"));
            try {
                events.markAtCurrentOperation();
            } catch (BerthException e) {
                listener.on(new BerthEvent.Warning(clock.instant(), source, e.getMessage() + "; following from now"));
            }
            return follower(options, pre, events, deadlines, started, DeployResult.Update.FOLLOWED).follow(request, null);
        }
        listener.on(new BerthEvent.PhaseChanged(clock.instant(), source, "pre-flight",
                "passed: version " + pre.currentVersion() + " -> " + options.version() + services(pre)
                        + (pre.image() == null ? "" : "; image " + pre.image().reference() + " is " + pre.image().digest())));
        String token = OperationTokens.create(options.verb(), options.who(), options.approvedBy());
        ChangeSets changeSets = new ChangeSets(cfn, listener, clock);
        ConcurrentUpdates concurrent = new ConcurrentUpdates(cfn, pre);
        ChangeSets.Prepared changeSet;
        try {
            changeSet = changeSets.prepare(pre, options, token);
        } catch (BerthException | SdkException e) {
            throw concurrent.explain(e);
        }
        if (changeSet.empty()) {
            return unchanged(options, pre, request, started, token, changeSet);
        }
        listener.on(new BerthEvent.ChangeSetReady(clock.instant(), source, changeSet.changes()));
        try {
            events.markNow();
        } catch (BerthException e) {
            throw concurrent.explain(e);
        }
        try {
            cfn.executeChangeSet(r -> r.changeSetName(changeSet.id()).clientRequestToken(token));
        } catch (SdkException e) {
            if (AwsErrors.definiteRejection(e)) {
                changeSets.delete(changeSet.id());
                throw concurrent.explain(AwsErrors.rejection("failed to execute the change set of stack " + source, e));
            }
            // no answer: the update may have started; the token makes a repeat harmless, and the state will tell
            listener.on(new BerthEvent.Warning(clock.instant(), source, "ExecuteChangeSet got no answer ("
                    + AwsErrors.describe(e) + "); following the stack to see whether the update started"));
        }
        listener.on(new BerthEvent.PhaseChanged(clock.instant(), source, "updating",
                "change set executed; following the stack and its services"));
        DeployResult.Update update = new DeployResult.Update(token, changeSet.id(), changeSet.changes());
        return follower(options, pre, events, deadlines, started, update).follow(request, token);
    }

    private UpdateFollower follower(DeployOptions options, PreFlightReport pre, StackEventStream events, Deadlines deadlines,
                                    Instant started, DeployResult.Update update) {
        UpdateResults results = new UpdateResults(ecs, clock, listener, options, pre, started, update);
        return new UpdateFollower(cfn, ecs, clock, sleeper, listener, policy, pre, events, deadlines, results,
                new DeploymentAlarmReader(ecs, cloudWatch));
    }

    /** CloudFormation found nothing to change: UNCHANGED only if the stack's state says the version is already there. */
    private DeployResult unchanged(DeployOptions options, PreFlightReport pre, Request request, Instant started, String token,
                                   ChangeSets.Prepared changeSet) {
        Observation observed = new StackReader(cfn, ecs).read(pre.stackId(), CallBudget.NONE);
        Verdict verdict = DeployVerdicts.unchanged(request, observed);
        Instant now = clock.instant();
        listener.on(new BerthEvent.VerdictReached(now, pre.stackName(), verdict.outcome(), verdict.reason()));
        return new DeployResult(verdict, DeployResult.Release.of(pre, options), DeployResult.Requester.of(options),
                new DeployResult.Update(token, changeSet.id(), List.of()), new DeployResult.StackState(observed.stackStatus(), List.of()),
                new Timing(started, now), RolloutEvidence.NONE);
    }

    /** The command that follows this update to its verdict when run again. */
    private static String followCommand(DeployOptions options, PreFlightReport pre) {
        return "berth deploy --stack " + pre.stackName() + " --version " + options.version()
                + (DeployOptions.DEFAULT_PARAMETER.equals(options.parameter()) ? "" : " --parameter " + options.parameter());
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

}
