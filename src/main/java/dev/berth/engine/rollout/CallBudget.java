package dev.berth.engine.rollout;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * How long the next AWS call may take, all retries included, so that no call outlives berth's
 * deadline. {@link #NONE} leaves the client's own timeouts in charge.
 */
@FunctionalInterface
public interface CallBudget extends Supplier<Duration> {
    CallBudget NONE = () -> null;

    /** The request override that applies this budget (null when there is none). */
    default AwsRequestOverrideConfiguration override() {
        Duration budget = get();
        return budget == null ? null : AwsRequestOverrideConfiguration.builder().apiCallTimeout(budget)
                .apiCallAttemptTimeout(budget).build();
    }
}
