package dev.berth.engine.rollout;

import java.time.Instant;

/**
 * A deployment alarm's state as berth saw it change while it followed a rollout: when berth
 * observed it (its own clock, as the timeline's polls), the alarm, the state before ({@code from},
 * null at the first reading) and after, and CloudWatch's reason.
 */
public record AlarmChange(Instant observedAt, String alarm, String from, String to, String reason) {
}
