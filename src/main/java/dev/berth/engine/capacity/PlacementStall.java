package dev.berth.engine.capacity;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ECS's placement failures among a service's events, to explain a rollout that stalled for
 * room. Words only explain: the verdict comes from the deployments' state.
 */
public final class PlacementStall {
    private static final Pattern UNPLACED = Pattern.compile("was unable to place a task because (.*?)(?: For more information.*)?$");

    private PlacementStall() {
    }

    /** The cause and remedy from the newest placement failure in {@code messages} (oldest first), if any. */
    public static Optional<String> explain(List<String> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            Matcher m = UNPLACED.matcher(messages.get(i));
            if (m.find()) {
                return Optional.of("stalled for room: ECS could not place a task because " + m.group(1).trim()
                        + " Add container instances (or let the cluster scale out), or lower MinimumHealthyPercent so that "
                        + "old tasks may stop first");
            }
        }
        return Optional.empty();
    }
}
