package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A service: its configuration, its deployments (newest first), its events and its history. */
final class SimService {
    static final int MAX_EVENTS = 100;

    final String name;
    final String arn;
    final SimCluster cluster;
    final Instant createdAt;
    final String launchType;
    final String clientToken;
    String status = "ACTIVE";
    int desiredCount;
    DeploymentSettings settings;
    Integer healthCheckGracePeriodSeconds;
    JsonNode loadBalancers;
    JsonNode networkConfiguration;
    /** Placement strategies and constraints as the API received them (null: none given). */
    JsonNode placementStrategy;
    JsonNode placementConstraints;
    /** The last placement failure reported, so that the event is not repeated on every pass. */
    String placementFailure;
    Instant placementFailureAt;
    JsonNode tags;
    String propagateTags;
    boolean enableEcsManagedTags;
    /** Deployments shown by DescribeServices, newest first. */
    final List<SimDeployment> deployments = new ArrayList<>();
    /** Every deployment ever made, newest first, for ListServiceDeployments. */
    final List<SimDeployment> history = new ArrayList<>();
    final Deque<ServiceEvent> events = new ArrayDeque<>();
    /** Tasks launched for this service that have not stopped yet. */
    final List<SimTask> tasks = new ArrayList<>();
    /** Whether the service was at steady state on the scheduler's last pass. */
    boolean steady;
    /** Start failures in a row; ECS backs off launching after tasks fail before RUNNING. */
    int consecutiveStartFailures;
    Instant launchNotBefore;
    /** Whether the stuck-configuration event has been emitted for the current deployment. */
    boolean stuckReported;

    record ServiceEvent(String id, Instant createdAt, String message) {
    }

    SimService(String name, String arn, SimCluster cluster, Instant createdAt, String launchType, String clientToken) {
        this.name = name;
        this.arn = arn;
        this.cluster = cluster;
        this.createdAt = createdAt;
        this.launchType = launchType;
        this.clientToken = clientToken;
    }

    void event(String id, Instant at, String message) {
        events.addFirst(new ServiceEvent(id, at, message));
        while (events.size() > MAX_EVENTS) {
            events.removeLast();
        }
    }

    /** Prefix of every event message, as ECS words it. */
    String eventPrefix() {
        return "(service " + name + ")";
    }

    SimDeployment primary() {
        return deployments.isEmpty() ? null : deployments.get(0);
    }

    boolean active() {
        return "ACTIVE".equals(status);
    }
}
