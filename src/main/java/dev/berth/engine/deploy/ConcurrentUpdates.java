package dev.berth.engine.deploy;

import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.stack.StackStatuses;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Two deploys of one stack race: the loser's change set is refused, or deleted when the winner's
 * runs (CloudFormation deletes a stack's other change sets on execution). Whatever error the
 * loser got before executing anything, the stack's own state says what happened: another update
 * is running, or ran meanwhile. Either way the loser changed nothing: a refusal naming the update.
 */
final class ConcurrentUpdates {
    private final CloudFormationClient cfn;
    private final PreFlightReport pre;

    ConcurrentUpdates(CloudFormationClient cfn, PreFlightReport pre) {
        this.cfn = cfn;
        this.pre = pre;
    }

    /** The refusal that names a concurrent update, or the failure as it was when there is none. */
    RuntimeException explain(RuntimeException failure) {
        Stack stack;
        try {
            stack = cfn.describeStacks(r -> r.stackName(pre.stackId())).stacks().get(0);
        } catch (SdkException | IndexOutOfBoundsException e) {
            return failure instanceof SdkException sdk ? AwsErrors.wrap("failed to prepare the update of stack "
                    + pre.stackName(), sdk) : failure;
        }
        String status = stack.stackStatusAsString();
        String version = stack.parameters().stream().filter(p -> p.parameterKey().equals(pre.parameterName()))
                .map(p -> p.parameterValue()).findFirst().orElse(null);
        if (StackStatuses.inProgress(status)) {
            return new RefusedException("stack " + pre.stackName() + " is being updated (" + status
                    + (version == null ? "" : ", to version " + version) + ") by another deploy; berth deploys one version"
                    + " at a time: wait for it to finish, or re-run with --version " + version + " to follow it", failure);
        }
        boolean movedOn = stack.lastUpdatedTime() != null && pre.lastUpdated() != null
                && stack.lastUpdatedTime().isAfter(pre.lastUpdated());
        if (movedOn || !status.equals(pre.stackStatus())) {
            return new RefusedException("stack " + pre.stackName() + " was updated by another deploy meanwhile (now "
                    + status + (version == null ? "" : " at version " + version) + "); nothing was changed by this one: "
                    + "run it again if it is still wanted", failure);
        }
        return failure instanceof SdkException sdk ? AwsErrors.wrap("failed to prepare the update of stack "
                + pre.stackName(), sdk) : failure;
    }
}
