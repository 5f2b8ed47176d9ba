package dev.berth.cli;

import dev.berth.engine.Outcome;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.RolloutResult;
import dev.berth.engine.rollout.RolloutWatcher;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.rollout.WatchOptions;
import dev.berth.engine.rollout.WatchedService;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The demo's story: a service of four tasks, a good release, a crashing one. */
final class DemoScenario {
    static final String CLUSTER = "demo";
    static final String SERVICE = "web";
    static final String REPOSITORY = "berth-demo/web";

    record Release(String label, String image, Outcome expected, RolloutResult result) {
    }

    private final EcsClient ecs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DeploymentListener listener;
    private final PrintWriter err;

    DemoScenario(EcsClient ecs, Clock clock, Sleeper sleeper, DeploymentListener listener, PrintWriter err) {
        this.ecs = ecs;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
        this.err = err;
    }

    List<Release> run() {
        ecs.createCluster(r -> r.clusterName(CLUSTER));
        step("create service " + SERVICE + ": 4 tasks of " + REPOSITORY + ":1.0.0, MaximumPercent 200,"
                + " MinimumHealthyPercent 100, circuit breaker with rollback");
        String first = register("1.0.0");
        ecs.createService(r -> r.cluster(CLUSTER).serviceName(SERVICE).taskDefinition(first).desiredCount(4)
                .deploymentConfiguration(c -> c.maximumPercent(200).minimumHealthyPercent(100)
                        .deploymentCircuitBreaker(b -> b.enable(true).rollback(true))));
        watch(first);
        List<Release> releases = new ArrayList<>();
        releases.add(release("good release", "1.1.0", Outcome.SUCCEEDED));
        releases.add(release("bad release", "1.2.0-crash", Outcome.ROLLED_BACK));
        return releases;
    }

    private Release release(String label, String version, Outcome expected) {
        step(label + ": deploy " + REPOSITORY + ":" + version);
        String taskDefinition = register(version);
        ecs.updateService(r -> r.cluster(CLUSTER).service(SERVICE).taskDefinition(taskDefinition));
        return new Release(label, REPOSITORY + ":" + version, expected, watch(taskDefinition));
    }

    private String register(String version) {
        return ecs.registerTaskDefinition(r -> r.family(SERVICE).containerDefinitions(ContainerDefinition.builder()
                .name(SERVICE).image(REPOSITORY + ":" + version).memory(256).essential(true)
                .portMappings(PortMapping.builder().containerPort(8080).hostPort(0).build()).build()))
                .taskDefinition().taskDefinitionArn();
    }

    private RolloutResult watch(String taskDefinition) {
        RolloutWatcher watcher = new RolloutWatcher(ecs, clock, sleeper, listener);
        return watcher.watch(new WatchOptions(CLUSTER, List.of(new WatchedService(SERVICE, Optional.of(taskDefinition))),
                Duration.ofMinutes(5)));
    }

    private void step(String text) {
        listener.on(new BerthEvent.PhaseChanged(clock.instant(), CLUSTER + "/" + SERVICE, "demo", text));
        err.flush();
    }
}
