package dev.berth.engine.rollout;

import dev.berth.engine.BerthException;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Follows ECS rolling deployments to a strict verdict. Polls DescribeServices for up to ten
 * services a call, quickly when a rollout is about to end and lazily otherwise, publishes what
 * changes, and fetches the reasons of stopped tasks when failures appear. Throttling and 5xx
 * answers are retried by the SDK and, beyond that, by the next poll: they never change a verdict.
 */
public final class RolloutWatcher {
    /** Each call may take the time left to the deadline, at least 1 s and at most 30 s, retries included. */
    private static final Duration MIN_CALL = Duration.ofSeconds(1);
    private static final Duration MAX_CALL = Duration.ofSeconds(30);
    private final EcsClient ecs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DeploymentListener listener;

    public RolloutWatcher(EcsClient ecs, Clock clock, Sleeper sleeper, DeploymentListener listener) {
        this.ecs = ecs;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    public RolloutResult watch(WatchOptions options) {
        WatchSession session = new WatchSession(ecs, clock, sleeper, listener, options.cluster(), options.poll());
        options.services().forEach(session::watch);
        Instant deadline = session.startedAt().plus(options.timeout());
        listener.on(new BerthEvent.PhaseChanged(session.startedAt(), options.cluster(), "watching",
                options.services().size() + (options.services().size() == 1 ? " service" : " services")
                        + ", timeout " + options.timeout()));
        session.bound(() -> {
            Duration left = Duration.between(clock.instant(), deadline);
            return left.compareTo(MIN_CALL) < 0 ? MIN_CALL : left.compareTo(MAX_CALL) > 0 ? MAX_CALL : left;
        });
        try {
            boolean done = new PollLoop(clock, sleeper).run(deadline, () -> {
                if (!session.nextPollAt().isAfter(clock.instant())) {
                    session.pollDue();
                }
                return session.decided() ? Optional.empty() : Optional.of(session.nextPollAt());
            });
            if (!done) {
                session.timeOut("no verdict within " + options.timeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("watching rollout in cluster " + options.cluster() + " was interrupted", e);
        }
        return session.result();
    }
}
