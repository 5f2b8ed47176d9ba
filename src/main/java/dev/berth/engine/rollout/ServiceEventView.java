package dev.berth.engine.rollout;

import java.time.Instant;

/**
 * An ECS service event message. {@code createdAt} is ECS's time; {@code seenAt} is when berth first
 * saw it (the poll that reported it, on the clock of berth's own timeline), null where berth did not
 * follow it as it happened.
 */
public record ServiceEventView(String id, Instant createdAt, String message, Instant seenAt) {

    public ServiceEventView(String id, Instant createdAt, String message) {
        this(id, createdAt, message, null);
    }

    /** This event as first seen at {@code now}; a time already recorded stands. */
    public ServiceEventView seen(Instant now) {
        return seenAt != null ? this : new ServiceEventView(id, createdAt, message, now);
    }
}
