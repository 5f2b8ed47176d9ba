package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.sim.cloudformation.resources.InstanceFleet;
import dev.berth.sim.cloudformation.resources.ResourceOperation;
import dev.berth.sim.cloudformation.resources.ResourceRequest;
import dev.berth.sim.cloudformation.resources.ResourceResult;
import dev.berth.sim.cloudformation.signals.RollingUpdatePlan;
import dev.berth.sim.cloudformation.signals.RollingUpdatePolicy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An Auto Scaling group's AutoScalingRollingUpdate carried out over simulated time: the group's
 * own update first, then each batch of the plan on the instances its provider launched (old ones
 * terminated through the group, so that they drain; new ones launched from the updated launch
 * source), waiting on the new instances' signals (or the pause time) before the next, with
 * CloudFormation's progress events.
 */
final class RollingUpdate implements ResourceOperation {
    private final CloudFormationEngine engine;
    private final InstanceFleet fleet;
    private final String groupName;
    private final ResourceRequest group;
    private final RollingUpdatePolicy policy;
    private final ResourceOperation groupUpdate;
    private final Map<String, SignalWait> awaiting;
    private final Consumer<String> progress;
    private final int maxSize;

    private ResourceResult updated;
    private RollingUpdatePlan plan;
    private int next;
    private SignalWait batch;
    private Instant pauseUntil;

    RollingUpdate(CloudFormationEngine engine, InstanceFleet fleet, String groupName, ResourceRequest group, RollingUpdatePolicy policy,
                  ResourceOperation groupUpdate, Map<String, SignalWait> awaiting, Consumer<String> progress) {
        this.engine = engine;
        this.fleet = fleet;
        this.groupName = groupName;
        this.group = group;
        this.policy = policy;
        this.groupUpdate = groupUpdate;
        this.awaiting = awaiting;
        this.progress = progress;
        this.maxSize = size(group.properties().get("MaxSize"));
    }

    @Override
    public Optional<ResourceResult> poll(Instant now) {
        if (updated == null) {
            Optional<ResourceResult> result = groupUpdate.poll(now);
            if (result.isEmpty() || !result.get().succeeded()) {
                return result;
            }
            updated = result.get();
            try {
                begin();
            } catch (IllegalArgumentException e) {
                return Optional.of(ResourceResult.failed(e.getMessage()));
            }
        }
        while (true) {
            if (batch != null) {
                Optional<ResourceResult> judged = batch.poll(now);
                if (judged.isEmpty()) {
                    return Optional.empty();
                }
                awaiting.remove(group.logicalId());
                if (!judged.get().succeeded()) {
                    if (!now.isBefore(batch.deadline())) {
                        progress.accept("Failed to receive " + batch.policy.count() + " resource signal(s) for the current batch.  "
                                + "Each resource signal timeout is counted as a FAILURE.");
                    }
                    return judged;
                }
                batch = null;
            }
            if (pauseUntil != null && now.isBefore(pauseUntil)) {
                return Optional.empty();
            }
            pauseUntil = null;
            if (next == plan.steps().size()) {
                return Optional.of(updated);
            }
            startStep(plan.steps().get(next++), now);
        }
    }

    private void begin() {
        // every instance running now came from the launch source the update replaced
        plan = RollingUpdatePlan.of(policy, capacity(group.properties()), maxSize, fleet.live(group.region(), groupName));
        if (plan.steps().isEmpty()) {
            return;
        }
        progress.accept(plan.initiated());
        if (plan.temporaryCapacity() > plan.desired()) {
            progress.accept("Temporarily setting autoscaling group MinSize and DesiredCapacity to " + plan.temporaryCapacity() + ".");
        }
    }

    private void startStep(RollingUpdatePlan.Step step, Instant now) {
        if (!step.terminate().isEmpty()) {
            progress.accept("Terminating instance(s) " + step.terminate() + "; replacing with " + step.launch() + " new instance(s).");
            fleet.replace(group.region(), groupName, step.terminate(), 0);
            progress.accept("Successfully terminated instance(s) " + step.terminate() + " (Progress " + step.progressPercent() + "%).");
        }
        if (step.launch() == 0) {
            return;
        }
        fleet.replace(group.region(), groupName, List.of(), step.launch());
        if (policy.waitOnResourceSignals()) {
            progress.accept("New instance(s) added to autoscaling group - Waiting on " + step.launch()
                    + " resource signal(s) with a timeout of " + policy.pauseTime() + ".");
            batch = new SignalWait(policy.batchSignals(step.launch()), "UPDATE_IN_PROGRESS", now.plus(policy.pauseTime()));
            awaiting.put(group.logicalId(), batch);
            engine.world().at(batch.deadline(), () -> { });
        } else if (!policy.pauseTime().isZero()) {
            pauseUntil = now.plus(policy.pauseTime());
            engine.world().at(pauseUntil, () -> { });
        }
    }

    @Override
    public void cancel() {
        groupUpdate.cancel();
    }

    /** How many instances a group runs: DesiredCapacity, else MinSize. */
    static int capacity(JsonNode groupProperties) {
        JsonNode desired = groupProperties.get("DesiredCapacity");
        return size(desired != null && !desired.isNull() ? desired : groupProperties.path("MinSize"));
    }

    private static int size(JsonNode value) {
        String text = value == null ? "0" : value.asText("0").trim();
        return text.matches("\\d{1,6}") ? Integer.parseInt(text) : 0;
    }
}
