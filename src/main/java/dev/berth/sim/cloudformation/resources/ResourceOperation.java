package dev.berth.sim.cloudformation.resources;

import java.time.Instant;
import java.util.Optional;

/** A create, update or delete under way; the stack asks on every step of the world until it answers. */
@FunctionalInterface
public interface ResourceOperation {
    Optional<ResourceResult> poll(Instant now);

    /** The physical id known as soon as the operation starts (a nested stack's id), before it finishes. */
    default Optional<String> physicalIdAtStart() {
        return Optional.empty();
    }

    /**
     * The stack stops waiting for this operation (a cancel, or another resource failed). Most
     * operations run on regardless; a nested stack's update is cancelled and rolls back.
     */
    default void cancel() {
    }

    static ResourceOperation finished(ResourceResult result) {
        return now -> Optional.of(result);
    }
}
