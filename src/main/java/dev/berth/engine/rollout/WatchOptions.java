package dev.berth.engine.rollout;

import java.time.Duration;
import java.util.List;

/** What {@link RolloutWatcher#watch} follows and for how long. */
public record WatchOptions(String cluster, List<WatchedService> services, Duration timeout, PollPolicy poll) {
    public WatchOptions {
        if (cluster == null || cluster.isBlank()) {
            throw new IllegalArgumentException("cluster must not be empty");
        }
        if (services == null || services.isEmpty()) {
            throw new IllegalArgumentException("at least one service must be watched");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        services = List.copyOf(services);
        poll = poll == null ? PollPolicy.DEFAULT : poll;
    }

    public WatchOptions(String cluster, List<WatchedService> services, Duration timeout) {
        this(cluster, services, timeout, PollPolicy.DEFAULT);
    }
}
