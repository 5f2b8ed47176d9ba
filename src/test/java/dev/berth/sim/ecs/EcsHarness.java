package dev.berth.sim.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.sim.SimClock;
import dev.berth.sim.SimWorld;
import dev.berth.sim.http.RequestContext;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Drives the simulated ECS directly on a manual clock: exact, repeatable, and fast enough for
 * property tests. Calls go through the same operation handlers the HTTP server uses.
 */
final class EcsHarness {
    static final String REGION = "us-east-1";
    static final ObjectMapper JSON = new ObjectMapper();

    final AtomicLong nanos = new AtomicLong();
    final SimWorld world;
    final EcsApi ecs;
    private final RequestContext context = new RequestContext(REGION, "ecs", "000000000000", "test");

    EcsHarness() {
        this(TaskTimings.DEFAULT);
    }

    EcsHarness(TaskTimings timings) {
        world = new SimWorld(new SimClock(Instant.parse("2026-01-01T00:00:00Z"), nanos::get, 1));
        ecs = new EcsApi(world, JSON, new Random(7), timings, new ImageFaults(), "000000000000");
    }

    JsonNode call(String operation, ObjectNode input) {
        return ecs.handle(operation, input, context);
    }

    EcsRegion region() {
        return ecs.regionState(REGION);
    }

    SimService service(String cluster, String name) {
        return region().clusters.get(cluster).services.get(name);
    }

    Instant now() {
        return world.now();
    }

    /** Moves simulated time forward by {@code d}, firing every timer on the way. */
    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        world.advance();
    }

    /** Steps from timer to timer until {@code done} holds or {@code limit} of simulated time passes. */
    boolean runUntil(BooleanSupplier done, Duration limit) {
        Instant end = world.now().plus(limit);
        while (!done.getAsBoolean()) {
            Optional<Instant> next = world.nextTimerAt();
            Instant target = next.filter(t -> t.isBefore(end)).orElse(end);
            Duration step = Duration.between(world.now(), target);
            nanos.addAndGet(Math.max(1, step.toNanos()));
            world.advance();
            if (!world.now().isBefore(end)) {
                return done.getAsBoolean();
            }
        }
        return true;
    }

    // ---- request builders ----

    static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    void cluster(String name) {
        call("CreateCluster", obj().put("clusterName", name));
    }

    String register(String family, String image) {
        ObjectNode input = obj().put("family", family);
        ArrayNode containers = input.putArray("containerDefinitions");
        containers.addObject().put("name", "app").put("image", image).put("memory", 256).put("essential", true);
        return call("RegisterTaskDefinition", input).path("taskDefinition").path("taskDefinitionArn").asText();
    }

    void createService(String cluster, String name, String taskDefinition, int desired, int min, int max,
                       boolean breaker, boolean rollback) {
        ObjectNode input = obj().put("cluster", cluster).put("serviceName", name).put("taskDefinition", taskDefinition)
                .put("desiredCount", desired);
        ObjectNode config = input.putObject("deploymentConfiguration").put("minimumHealthyPercent", min).put("maximumPercent", max);
        config.putObject("deploymentCircuitBreaker").put("enable", breaker).put("rollback", rollback);
        call("CreateService", input);
    }

    void updateService(String cluster, String name, String taskDefinition) {
        call("UpdateService", obj().put("cluster", cluster).put("service", name).put("taskDefinition", taskDefinition));
    }

    boolean primaryCompleted(String cluster, String name) {
        SimDeployment primary = service(cluster, name).primary();
        return primary != null && "COMPLETED".equals(primary.rolloutState);
    }
}
