package dev.berth.engine.deploy;

import dev.berth.engine.RefusedException;

import java.time.Duration;
import java.util.List;

/** berth's own bake time after a deploy: how long to keep watching, and the alarms to watch besides the tasks. */
public record BakeOptions(Duration bakeTime, List<String> alarms) {
    public static final BakeOptions NONE = new BakeOptions(Duration.ZERO, List.of());

    public BakeOptions {
        bakeTime = bakeTime == null ? Duration.ZERO : bakeTime;
        alarms = alarms == null ? List.of() : List.copyOf(alarms);
        if (bakeTime.isNegative()) {
            throw new RefusedException("bake time must not be negative, got " + bakeTime);
        }
        if (bakeTime.isZero() && !alarms.isEmpty()) {
            throw new RefusedException("alarms " + String.join(", ", alarms) + " are watched during a bake time; give one too");
        }
    }

    public boolean none() {
        return bakeTime.isZero();
    }
}
