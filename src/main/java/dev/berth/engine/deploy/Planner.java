package dev.berth.engine.deploy;

import dev.berth.engine.RefusedException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * {@code berth plan}: what a deploy would do, without doing it: pre-flight, the change set's
 * changes, and the rollout arithmetic of every service. The change set is deleted afterwards.
 */
public final class Planner {
    private final CloudFormationClient cfn;
    private final EcsClient ecs;

    public Planner(CloudFormationClient cfn, EcsClient ecs) {
        this.cfn = cfn;
        this.ecs = ecs;
    }

    public PlanResult plan(DeployOptions options) {
        PreFlightReport pre = new PreFlight(cfn, ecs).check(options);
        if (pre.reattach()) {
            throw new RefusedException("stack " + pre.stackName() + " is being updated to version " + options.version()
                    + " right now; there is nothing to plan");
        }
        ChangeSets changeSets = new ChangeSets(cfn);
        ChangeSets.Prepared changeSet = changeSets.prepare(pre, options, OperationTokens.create(options.verb(), options.who()));
        if (!changeSet.empty()) {
            changeSets.delete(changeSet.id());
        }
        return new PlanResult(pre.stackName(), pre.currentVersion(), options.version(), changeSet.empty(),
                changeSet.changes(), pre.services());
    }
}
