package dev.berth.engine.capacity;

import java.util.List;

/**
 * Whether a service's rollout has room on its cluster, as {@code berth plan} and deploy pre-flight
 * report it. {@code checked} is false when no container instance decides it (FARGATE, awsvpc, or a
 * cluster without registered instances, where capacity providers may still launch some); then
 * {@code fits} is true and {@code reason} says why nothing was checked.
 *
 * @param waves           rollout steps, each waiting for its new tasks to become healthy (0 when it can never finish)
 * @param tasksAtOnce     new tasks the first step places at once
 * @param tasksThatFitNow tasks of this size the registered instances could take now, at most the surge asked for
 * @param slow            it fits, but in more steps than the bounds alone would take
 * @param instancesToAdd  instances like the cluster's to add so that it fits (0 when it fits)
 * @param minimumHealthyPercentThatFits the highest MinimumHealthyPercent with which it fits today, if lowering helps
 */
public record RoomCheck(boolean checked, boolean fits, boolean slow, int waves, int tasksAtOnce, int tasksThatFitNow,
                        int taskCpu, int taskMemoryMiB, List<Integer> staticHostPorts, int instances, int instancesToAdd,
                        Integer minimumHealthyPercentThatFits, String shortfall, String reason, String remedy) {

    public static RoomCheck notChecked(String reason) {
        return new RoomCheck(false, true, false, 0, 0, 0, 0, 0, List.of(), 0, 0, null, null, reason, null);
    }
}
