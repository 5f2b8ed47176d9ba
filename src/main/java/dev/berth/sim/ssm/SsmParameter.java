package dev.berth.sim.ssm;

import java.time.Instant;

/** One version of a parameter in Parameter Store. */
public record SsmParameter(String name, String type, String value, long version, Instant lastModified, String dataType,
                           String description) {
}
