package dev.berth.engine.deploy;

import dev.berth.engine.Outcome;
import dev.berth.engine.deploy.verdict.Observation;
import dev.berth.engine.deploy.verdict.OwnedService;
import dev.berth.engine.deploy.verdict.StackResource;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.CallBudget;
import dev.berth.engine.rollout.PollPolicy;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.rollout.WatchSession;
import dev.berth.engine.rollout.WatchedService;
import dev.berth.engine.stack.StackEventView;
import dev.berth.engine.stack.StackServices;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live watch of the services an update touches, one {@link WatchSession} per cluster, for
 * progress and evidence (stopped tasks, service events). Which services and which task definition
 * each must run come from the stack's resources, with the task definitions the update registered
 * as their own events name them (after a rollback the stack names the old ones again).
 */
final class ServiceWatches {
    private final EcsClient ecs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DeploymentListener listener;
    private final PollPolicy policy;
    private final PreFlightReport pre;
    private final StackReader reader;
    private final CallBudget budget;
    private final Map<String, WatchSession> sessions = new LinkedHashMap<>();
    /** Task definitions this update registered, by logical id, as their events name them. */
    private final Map<String, String> updateDefinitions = new LinkedHashMap<>();
    private boolean refreshWanted;
    private String lastError;

    ServiceWatches(EcsClient ecs, Clock clock, Sleeper sleeper, DeploymentListener listener, PollPolicy policy,
                   PreFlightReport pre, StackReader reader, CallBudget budget) {
        this.ecs = ecs;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
        this.policy = policy;
        this.pre = pre;
        this.reader = reader;
        this.budget = budget;
        this.refreshWanted = pre.reattach();
    }

    /** An event of the update's forward phase (not of its rollback). */
    void noteEvent(StackEventView event) {
        if (StackResource.TASK_DEFINITION.equals(event.resourceType()) && event.status() != null
                && event.status().endsWith("_COMPLETE") && event.physicalId() != null && !event.physicalId().isEmpty()) {
            updateDefinitions.put(event.logicalId(), event.physicalId());
        }
        // CloudFormation updates a service after its task definition: then there is something to watch
        if (StackResource.ECS_SERVICE.equals(event.resourceType()) && !watchAtOnce(event)) {
            refreshWanted = true;
        }
    }

    /**
     * A stack of one service whose update registered one task definition: the service's event names
     * the service, and the task definition's event the revision it must run, so watching begins
     * without a round of reads (the end of a fast rollout is not missed). The verdict still comes
     * from the stack's resources.
     */
    private boolean watchAtOnce(StackEventView event) {
        String arn = event.physicalId();
        if (updateDefinitions.size() != 1 || pre.services().size() > 1 || arn == null || !arn.startsWith("arn:")) {
            return false;
        }
        watch(new OwnedService(event.logicalId(), StackServices.clusterOf(arn), arn,
                updateDefinitions.values().iterator().next(), "the update's task definition"));
        return true;
    }

    /**
     * Watches every ECS service the stack's resources name, when events asked for it.
     *
     * @throws dev.berth.engine.BerthException when AWS does not answer (asked again next time)
     */
    void refreshIfWanted() {
        if (!refreshWanted) {
            return;
        }
        List<StackResource> resources = new ArrayList<>();
        for (StackResource resource : reader.resources(pre.stackId(), budget)) {
            String updated = StackResource.TASK_DEFINITION.equals(resource.type()) ? updateDefinitions.get(resource.logicalId()) : null;
            resources.add(updated == null ? resource : new StackResource(resource.logicalId(), resource.type(), updated));
        }
        List<OwnedService> owned = reader.owned(resources, budget);
        refreshWanted = false;
        for (OwnedService service : owned) {
            if (service.expectedTaskDefinition() != null) {
                watch(service);
            }
        }
    }

    private void watch(OwnedService service) {
        WatchSession session = sessions.computeIfAbsent(service.cluster(), c -> {
            WatchSession created = new WatchSession(ecs, clock, sleeper, listener, c, policy, pre.stackName());
            created.followChange(budget);
            return created;
        });
        if (!service.expectedTaskDefinition().equals(session.expected(service.serviceArn()))) {
            session.watch(new WatchedService(service.serviceArn(), Optional.of(service.expectedTaskDefinition())));
        }
    }

    /** Polls the services that are due. */
    void pollDue() throws InterruptedException {
        for (WatchSession session : sessions.values()) {
            if (!session.decided() && !session.nextPollAt().isAfter(clock.instant())) {
                session.pollDue();
                if (session.lastError() != null && lastError == null) {
                    lastError = session.lastError();
                }
            }
        }
    }

    /** The first error of a poll that got no answer, or null. */
    String lastError() {
        return lastError;
    }

    boolean none() {
        return sessions.isEmpty();
    }

    boolean anyDecided() {
        return sessions.values().stream().anyMatch(WatchSession::decided);
    }

    /** Whether waiting for a service's own verdict still makes sense (its new deployment is listed). */
    boolean underWay() {
        return sessions.values().stream().anyMatch(WatchSession::expectedUnderWay);
    }

    /** The earliest of {@code wake} and the next poll due. */
    Instant earliest(Instant wake) {
        for (WatchSession session : sessions.values()) {
            if (!session.decided() && session.nextPollAt().isBefore(wake)) {
                wake = session.nextPollAt();
            }
        }
        return wake;
    }

    /** Ends every watch: from the state read at the end when there is one, else as out of time. */
    void conclude(Observation observed) {
        if (observed != null) {
            for (OwnedService service : observed.services()) {
                WatchSession session = sessions.get(service.cluster());
                if (session != null) {
                    boolean right = observed.state(service).runsCompleted(service.expectedTaskDefinition());
                    session.conclude(service.serviceArn(), right ? Outcome.SUCCEEDED : Outcome.NEEDS_ATTENTION,
                            "service " + service.name() + " " + observed.state(service).describe());
                }
            }
        }
        for (WatchSession session : sessions.values()) {
            session.timeOut("no answer about the service before berth's deadline");
        }
    }

    Collection<WatchSession> sessions() {
        return sessions.values();
    }
}
