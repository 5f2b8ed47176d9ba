package dev.berth.engine.rollout;

import java.time.Instant;

/** An ECS service event message. */
public record ServiceEventView(String id, Instant createdAt, String message) {
}
