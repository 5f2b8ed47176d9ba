package dev.berth.sim.ecs;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Image behaviours set for particular images, over what their tag suffix says. */
public final class ImageFaults {
    private final Map<String, ImageBehaviour> overrides = new ConcurrentHashMap<>();

    public void set(String image, ImageBehaviour behaviour) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("image must not be empty");
        }
        if (behaviour == ImageBehaviour.NORMAL) {
            overrides.remove(image);
        } else {
            overrides.put(image, behaviour);
        }
    }

    public void clear() {
        overrides.clear();
    }

    public Map<String, ImageBehaviour> overrides() {
        return new TreeMap<>(overrides);
    }

    public ImageBehaviour behaviourOf(String image) {
        ImageBehaviour set = overrides.get(image);
        return set != null ? set : ImageBehaviour.ofImage(image);
    }
}
