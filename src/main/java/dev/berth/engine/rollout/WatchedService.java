package dev.berth.engine.rollout;

import java.util.Optional;

/**
 * A service to watch and, optionally, the task definition that must win (ARN or family:revision).
 * Without one, the watcher judges whatever deployment is PRIMARY when it starts.
 */
public record WatchedService(String service, Optional<String> taskDefinition) {
    public WatchedService {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("service must not be empty");
        }
        taskDefinition = taskDefinition == null ? Optional.empty() : taskDefinition;
    }

    public static WatchedService of(String service) {
        return new WatchedService(service, Optional.empty());
    }
}
