package dev.berth.engine.stack;

import dev.berth.engine.aws.AwsErrors;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;

import java.time.Clock;
import java.time.Duration;

/** Waiting for change sets and deleting those that will not run. */
public final class ChangeSetCalls {
    private ChangeSetCalls() {
    }

    /** Deletes a change set that will not run; one left behind is harmless, so a failure is only reported. */
    public static void delete(CloudFormationClient cfn, String changeSetId, DeploymentListener listener, Clock clock) {
        try {
            cfn.deleteChangeSet(r -> r.changeSetName(changeSetId));
        } catch (SdkException e) {
            listener.on(new BerthEvent.Warning(clock.instant(), "cloudformation", "could not delete change set " + changeSetId
                    + " (" + AwsErrors.describe(e) + "); delete it by hand if it is in the way"));
        }
    }

    /** Waits with the SDK's waiter, polling twice a second, and returns how the change set ended. */
    public static DescribeChangeSetResponse await(CloudFormationClient cfn, String changeSetId) {
        try {
            cfn.waiter().waitUntilChangeSetCreateComplete(r -> r.changeSetName(changeSetId), w -> w
                    .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(500)))
                    .maxAttempts(1200).waitTimeout(Duration.ofMinutes(10)));
        } catch (SdkException e) {
            // the waiter stops at FAILED by throwing; the change set itself says why, read below
        }
        try {
            return cfn.describeChangeSet(r -> r.changeSetName(changeSetId));
        } catch (SdkException e) {
            throw AwsErrors.wrap("failed to describe change set " + changeSetId, e);
        }
    }
}
