package dev.berth.engine.roll;

import java.util.List;

/**
 * Whether and how a roll may go, decided before any change: with a spare instance (the group
 * grows by one while each old instance drains), without one (only if every service keeps its
 * minimum healthy count while the tasks of one instance are replaced), or not at all.
 */
public record RollPlan(Kind kind, String reason) {
    public enum Kind { SURGE, NO_SURGE, REFUSED }

    /** The group's bounds and how many instances it runs. */
    public record GroupSize(String name, int minSize, int maxSize, int desired) {
    }

    /** A service and the most of its tasks that one instance carries. */
    public record ServiceLoad(ServiceCount count, int mostOnOneInstance) {
    }

    public static RollPlan of(GroupSize group, List<ServiceLoad> services) {
        if (group.desired() + 1 <= group.maxSize()) {
            return new RollPlan(Kind.SURGE, "group " + group.name() + " grows to " + (group.desired() + 1)
                    + " (MaxSize " + group.maxSize() + ") while each instance drains");
        }
        for (ServiceLoad load : services) {
            ServiceCount s = load.count();
            int left = s.desired() - load.mostOnOneInstance();
            if (left < s.lower()) {
                int percent = s.desired() == 0 ? 100 : Math.max(0, left) * 100 / s.desired();
                return new RollPlan(Kind.REFUSED, "group " + group.name() + " is at its MaxSize " + group.maxSize()
                        + " (desired " + group.desired() + "), so no instance can be added before one drains; draining one "
                        + "would leave service " + s.name() + " " + Math.max(0, left) + " of " + s.desired()
                        + " tasks, below its minimum healthy " + s.lower() + " (desired " + s.desired()
                        + " x MinimumHealthyPercent " + s.minimumHealthyPercent() + "). Raise the group's MaxSize to "
                        + (group.desired() + 1) + ", or lower " + s.name() + "'s MinimumHealthyPercent to " + percent);
            }
        }
        return new RollPlan(Kind.NO_SURGE, "group " + group.name() + " is at its MaxSize " + group.maxSize()
                + ": each instance drains without a spare; every service keeps its minimum healthy count");
    }
}
