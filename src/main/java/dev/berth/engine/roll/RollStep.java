package dev.berth.engine.roll;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to do next for the instance being replaced, given what the last poll saw. With a spare:
 * grow, wait for the newcomer to be ACTIVE, drain the old one, wait until it is empty and every
 * service is steady, terminate it (the group shrinks back), wait until it has left. Without a
 * spare: drain, wait, terminate (the group replaces it), wait until it has left and its
 * replacement is ACTIVE.
 */
public final class RollStep {
    public enum Phase { START, AWAIT_NEW, AWAIT_DRAINED, AWAIT_GONE, DONE }

    public enum Action { GROW, DRAIN, TERMINATE, WAIT, DONE }

    /** Where the replacement of one instance stands. */
    public record Stage(String old, boolean surge, Phase phase, String replacement) {
        public static Stage start(String old, boolean surge) {
            return new Stage(old, surge, Phase.START, null);
        }

        Stage to(Phase next) {
            return new Stage(old, surge, next, replacement);
        }

        Stage with(String newcomer, Phase next) {
            return new Stage(old, surge, next, newcomer);
        }
    }

    /**
     * One poll: the group's instances, the EC2 ids registered with the cluster and those ACTIVE there,
     * the ids berth knew before (the old ones and the replacements so far), the tasks left on the
     * old instance, and whether every service is steady.
     */
    public record Observation(Set<String> inGroup, Set<String> registered, Set<String> active, Set<String> known,
                              int tasksOnOld, boolean servicesSteady) {
    }

    public record Decision(Action action, Stage stage) {
    }

    private RollStep() {
    }

    public static Decision next(Stage stage, Observation seen) {
        return switch (stage.phase()) {
            case START -> stage.surge() ? new Decision(Action.GROW, stage.to(Phase.AWAIT_NEW))
                    : new Decision(Action.DRAIN, stage.to(Phase.AWAIT_DRAINED));
            case AWAIT_NEW -> newcomer(seen).map(id -> stage.surge()
                    ? new Decision(Action.DRAIN, stage.with(id, Phase.AWAIT_DRAINED))
                    : new Decision(Action.DONE, stage.with(id, Phase.DONE))).orElse(new Decision(Action.WAIT, stage));
            case AWAIT_DRAINED -> seen.tasksOnOld() == 0 && seen.servicesSteady()
                    ? new Decision(Action.TERMINATE, stage.to(Phase.AWAIT_GONE)) : new Decision(Action.WAIT, stage);
            case AWAIT_GONE -> {
                boolean gone = !seen.inGroup().contains(stage.old()) && !seen.registered().contains(stage.old());
                if (!gone) {
                    yield new Decision(Action.WAIT, stage);
                }
                yield stage.surge() ? new Decision(Action.DONE, stage.to(Phase.DONE)) : next(stage.to(Phase.AWAIT_NEW), seen);
            }
            case DONE -> new Decision(Action.DONE, stage);
        };
    }

    /** An instance of the group, ACTIVE in the cluster, that berth did not know: the lowest id, for a stable choice. */
    static Optional<String> newcomer(Observation seen) {
        Set<String> fresh = new TreeSet<>(seen.active());
        fresh.retainAll(seen.inGroup());
        fresh.removeAll(seen.known());
        return fresh.stream().findFirst();
    }
}
