package dev.berth.sim.cloudformation.signals;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signals a resource received, judged against its policy with CloudFormation's words. Pure:
 * the caller says whether the timeout has passed.
 */
public final class SignalTally {
    /** Where the wait stands. */
    public enum State { WAITING, SATISFIED, FAILED }

    public record Judgement(State state, String reason) {
    }

    private final Map<String, Boolean> byUniqueId = new LinkedHashMap<>();

    /** Records a signal; a unique id already heard is ignored, as CloudFormation counts each id once. */
    public boolean add(String uniqueId, boolean success) {
        return byUniqueId.putIfAbsent(uniqueId, success) == null;
    }

    public int successes() {
        return (int) byUniqueId.values().stream().filter(s -> s).count();
    }

    public int failures() {
        return byUniqueId.size() - successes();
    }

    public Judgement judge(SignalPolicy policy, boolean timedOut) {
        int needed = policy.successesNeeded();
        int allowedFailures = policy.count() - needed;
        if (failures() > allowedFailures) {
            return new Judgement(State.FAILED, policy.autoScalingGroup()
                    ? "Received " + failures() + " FAILURE signal(s) out of " + policy.count() + ". " + unsatisfied(policy)
                    : "Received FAILURE signal with UniqueId " + firstFailure());
        }
        if (successes() >= needed) {
            return new Judgement(State.SATISFIED, null);
        }
        if (timedOut) {
            return new Judgement(State.FAILED, policy.autoScalingGroup()
                    ? "Received " + successes() + " SUCCESS signal(s) out of " + policy.count() + ". " + unsatisfied(policy)
                    : "Failed to receive " + policy.count() + " resource signal(s) within the specified duration");
        }
        return new Judgement(State.WAITING, null);
    }

    private static String unsatisfied(SignalPolicy policy) {
        return "Unable to satisfy " + policy.minSuccessfulPercent() + "% MinSuccessfulInstancesPercent requirement";
    }

    private String firstFailure() {
        return byUniqueId.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).findFirst().orElse("");
    }
}
