package dev.berth.engine.stack;

import dev.berth.engine.aws.AwsErrors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;

import java.time.Duration;

/** Waits for a change set with the SDK's waiter, polling twice a second, and returns how it ended. */
public final class ChangeSetWaiter {
    private ChangeSetWaiter() {
    }

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
