package dev.berth.sim.cloudformation.resources;

import dev.berth.sim.SimWorld;
import dev.berth.sim.http.AwsException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Operations that act at once and report after the time the real service would take. */
final class Timing {
    private final SimWorld world;

    Timing(SimWorld world) {
        this.world = world;
    }

    Instant now() {
        return world.now();
    }

    /**
     * Carries out {@code action} now; a service error fails the operation with CloudFormation's
     * wording. Either way the answer comes after {@code duration} of simulated time.
     */
    ResourceOperation perform(String service, Duration duration, Supplier<ResourceResult> action) {
        ResourceResult result;
        try {
            result = action.get();
        } catch (AwsException e) {
            result = ResourceResult.failed(HandlerErrors.of(service, e));
        }
        return after(duration, result);
    }

    ResourceOperation after(Duration duration, ResourceResult result) {
        Instant ready = world.now().plus(duration);
        world.at(ready, () -> { });
        return now -> now.isBefore(ready) ? Optional.empty() : Optional.of(result);
    }

    /** Wakes the world at {@code when} so that a polling operation is asked again. */
    void wakeAt(Instant when) {
        world.at(when, () -> { });
    }
}
