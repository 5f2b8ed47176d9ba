package dev.berth.engine.status;

import java.util.List;

/** Which services to describe. */
public record StatusOptions(String cluster, List<String> services) {
    public StatusOptions {
        if (cluster == null || cluster.isBlank()) {
            throw new IllegalArgumentException("cluster must not be empty");
        }
        if (services == null || services.isEmpty()) {
            throw new IllegalArgumentException("at least one service must be named");
        }
        services = List.copyOf(services);
    }
}
