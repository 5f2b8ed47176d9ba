package dev.berth.engine.deploy;

import dev.berth.engine.RefusedException;
import dev.berth.engine.events.DeploymentListener;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Clock;

/**
 * {@code berth plan}: what a deploy would do, without doing it: pre-flight, the change set's
 * changes, and the rollout arithmetic of every service. The change set is deleted afterwards.
 */
public final class Planner {
    private final CloudFormationClient cfn;
    private final EcsClient ecs;
    private final EcrClient ecr;
    private final DeploymentListener listener;
    private final Clock clock;

    public Planner(CloudFormationClient cfn, EcsClient ecs, EcrClient ecr, DeploymentListener listener, Clock clock) {
        this.cfn = cfn;
        this.ecs = ecs;
        this.ecr = ecr;
        this.listener = listener;
        this.clock = clock;
    }

    public PlanResult plan(DeployOptions options) {
        PreFlightReport pre = new PreFlight(cfn, ecs, ecr, listener, clock).check(options);
        if (pre.reattach()) {
            throw new RefusedException("stack " + pre.stackName() + " is being updated to version " + options.version()
                    + " right now; there is nothing to plan");
        }
        ChangeSets changeSets = new ChangeSets(cfn, listener, clock);
        ChangeSets.Prepared changeSet = changeSets.prepare(pre, options, OperationTokens.create(options.verb(), options.who(), options.approvedBy()));
        if (!changeSet.empty()) {
            changeSets.delete(changeSet.id());
        }
        return new PlanResult(pre.stackName(), pre.currentVersion(), options.version(), changeSet.empty(),
                changeSet.changes(), pre.services());
    }
}
