package dev.berth.sim.cloudformation.signals;

import java.util.ArrayList;
import java.util.List;

/**
 * How CloudFormation rolls an Auto Scaling group's instances: the capacity it raises the group to
 * so that MinInstancesInService stay in service, then batches that terminate obsolete instances
 * and launch their replacements. Pure: instance ids in, steps out.
 */
public record RollingUpdatePlan(int desired, int temporaryCapacity, List<Step> steps, String initiated) {
    /** One batch: terminate these obsolete instances (none in the first, growing batch) and launch that many new ones. */
    public record Step(List<String> terminate, int launch, int progressPercent) {
    }

    /**
     * @throws IllegalArgumentException when MinInstancesInService leaves no room to replace anything,
     *                                  with CloudFormation's words
     */
    public static RollingUpdatePlan of(RollingUpdatePolicy policy, int desired, int maxSize, List<String> obsolete) {
        if (policy.minInstancesInService() >= maxSize) {
            throw new IllegalArgumentException("MinInstancesInService must be less than the autoscaling group's MaxSize");
        }
        int capacity = Math.min(maxSize, Math.max(desired, policy.minInstancesInService() + policy.maxBatchSize()));
        int perBatch = Math.max(1, Math.min(policy.maxBatchSize(), capacity - policy.minInstancesInService()));
        List<Step> steps = new ArrayList<>();
        int launched = 0;
        if (capacity > desired && !obsolete.isEmpty()) {
            launched = Math.min(capacity - desired, desired);
            steps.add(new Step(List.of(), launched, 0));
        }
        int terminated = 0;
        while (terminated < obsolete.size()) {
            List<String> batch = obsolete.subList(terminated, Math.min(obsolete.size(), terminated + perBatch));
            int launch = Math.max(0, Math.min(batch.size(), desired - launched));
            launched += launch;
            terminated += batch.size();
            steps.add(new Step(List.copyOf(batch), launch, terminated * 100 / obsolete.size()));
        }
        String initiated = "Rolling update initiated. Terminating " + obsolete.size() + " obsolete instance(s) in batches of "
                + policy.maxBatchSize() + ", while keeping at least " + policy.minInstancesInService() + " instance(s) in service."
                + (policy.waitOnResourceSignals() ? " Waiting on resource signals with a timeout of " + policy.pauseTime()
                + " when new instances are added to the autoscaling group." : "");
        return new RollingUpdatePlan(desired, capacity, List.copyOf(steps), initiated);
    }
}
