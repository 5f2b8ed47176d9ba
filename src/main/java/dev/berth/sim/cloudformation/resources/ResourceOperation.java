package dev.berth.sim.cloudformation.resources;

import java.time.Instant;
import java.util.Optional;

/** A create, update or delete under way; the stack asks on every step of the world until it answers. */
@FunctionalInterface
public interface ResourceOperation {
    Optional<ResourceResult> poll(Instant now);

    static ResourceOperation finished(ResourceResult result) {
        return now -> Optional.of(result);
    }
}
