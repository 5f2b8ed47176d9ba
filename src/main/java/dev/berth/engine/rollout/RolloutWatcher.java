package dev.berth.engine.rollout;

import dev.berth.engine.BerthException;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Follows ECS rolling deployments to a strict verdict. Polls DescribeServices for up to ten
 * services a call, quickly when a rollout is about to end and lazily otherwise, publishes what
 * changes, and fetches the reasons of stopped tasks when failures appear. Throttling and 5xx
 * answers are retried by the SDK and, beyond that, by the next poll: they never change a verdict.
 */
public final class RolloutWatcher {
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
        try {
            while (!session.decided()) {
                Instant now = clock.instant();
                if (!now.isBefore(deadline)) {
                    session.timeOut("no verdict within " + options.timeout());
                    break;
                }
                Instant next = session.nextPollAt();
                if (next.isAfter(now)) {
                    sleeper.sleep(Duration.between(now, next.isBefore(deadline) ? next : deadline));
                    continue;
                }
                session.pollDue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("watching rollout in cluster " + options.cluster() + " was interrupted", e);
        }
        return session.result();
    }
}
