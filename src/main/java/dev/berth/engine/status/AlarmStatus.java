package dev.berth.engine.status;

import java.time.Instant;

/** One deployment alarm of a service as CloudWatch holds it now; {@code state} null when CloudWatch has no such alarm. */
public record AlarmStatus(String name, String state, String reason, Instant since) {
}
