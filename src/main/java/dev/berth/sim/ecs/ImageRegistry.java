package dev.berth.sim.ecs;

import java.util.Optional;

/**
 * What ECS needs from the registry: whether an image reference names it, and if so what digest the
 * image has there. Images a registry does not manage (public images) are always pullable.
 */
public interface ImageRegistry {
    ImageRegistry NONE = new ImageRegistry() {
        @Override
        public boolean manages(String image) {
            return false;
        }

        @Override
        public Optional<String> resolve(String image) {
            return Optional.empty();
        }
    };

    boolean manages(String image);

    /** The manifest digest the reference resolves to, or empty when it is not there to pull. */
    Optional<String> resolve(String image);
}
