package dev.berth.engine.capacity;

import java.util.Optional;

/**
 * Whether a cluster's Auto Scaling group will add the instances a rollout lacks by itself: an
 * alarm that runs a scale-out policy must fire at the reservation the cluster reaches once the
 * first wave is placed (a stalled rollout stays there), and MaxSize must leave room. Pure.
 *
 * @param grows whether to wait for the group (warn) rather than refuse
 * @param why   the alarm that will fire, or why the group will not grow
 */
public record GrowthForecast(boolean grows, String why) {

    public static GrowthForecast judge(Optional<ClusterGrowth> growth, Reservation afterFirstWave, int instancesNow,
                                       int instancesToAdd) {
        if (growth.isEmpty()) {
            return new GrowthForecast(false, "the cluster's stack declares no alarm that runs a scale-out policy of its group");
        }
        if (instancesToAdd <= 0) {
            return new GrowthForecast(false, "no number of instances like the cluster's lets the rollout finish");
        }
        ClusterGrowth group = growth.get();
        int mayAdd = group.mayAdd(instancesNow);
        if (mayAdd < instancesToAdd) {
            return new GrowthForecast(false, "group " + group.group() + " may grow to MaxSize " + group.maxSize()
                    + ", " + mayAdd + " more than its " + instancesNow + " instance(s); the rollout needs " + instancesToAdd);
        }
        for (ScaleOutAlarm alarm : group.alarms()) {
            if (alarm.firesAt(afterFirstWave)) {
                return new GrowthForecast(true, alarm + " fires at the reservation the first wave leaves (" + afterFirstWave + ")");
            }
        }
        return new GrowthForecast(false, "reservation stays at " + afterFirstWave + " once the first wave is placed, where no "
                + "scale-out alarm fires (" + String.join(", ", group.alarms().stream().map(ScaleOutAlarm::toString).toList())
                + "): tasks that cannot be placed reserve nothing");
    }
}
