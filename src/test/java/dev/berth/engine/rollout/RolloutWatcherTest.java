package dev.berth.engine.rollout;

import dev.berth.engine.Outcome;
import dev.berth.engine.RefusedException;
import dev.berth.engine.events.BerthEvent;
import dev.berth.sim.SimConfig;
import dev.berth.sim.http.ApiFaults;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The watcher's verdicts against the simulator, through the real SDK. */
class RolloutWatcherTest {
    /** Polls scaled to a simulator running 20 times faster than real time. */
    private static final PollPolicy FAST = new PollPolicy(Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(75), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), 1.5, 1.1, 100);

    private SimFixture sim;
    private EcsClient ecs;
    private final List<BerthEvent> events = new CopyOnWriteArrayList<>();

    private void start(SimConfig config) {
        sim = SimFixture.start(config.withSpeed(20));
        ecs = sim.ecs();
        ecs.createCluster(r -> r.clusterName("apps"));
    }

    @AfterEach
    void stop() {
        if (ecs != null) {
            ecs.close();
            sim.close();
        }
    }

    private String register(String image) {
        return ecs.registerTaskDefinition(r -> r.family("web").containerDefinitions(
                ContainerDefinition.builder().name("web").image(image).memory(128).essential(true).build()))
                .taskDefinition().taskDefinitionArn();
    }

    private void createService(int desired, int min, int max, boolean breaker, boolean rollback) {
        String first = register("repo/web:1");
        ecs.createService(r -> r.cluster("apps").serviceName("web").taskDefinition(first).desiredCount(desired)
                .deploymentConfiguration(c -> c.minimumHealthyPercent(min).maximumPercent(max)
                        .deploymentCircuitBreaker(b -> b.enable(breaker).rollback(rollback))));
        assertThat(watch(first, Duration.ofSeconds(30)).outcome()).isEqualTo(Outcome.SUCCEEDED);
        events.clear();
    }

    private String deploy(String image) {
        String next = register(image);
        ecs.updateService(r -> r.cluster("apps").service("web").taskDefinition(next));
        return next;
    }

    private RolloutResult watch(String taskDefinition, Duration timeout) {
        RolloutWatcher watcher = new RolloutWatcher(ecs, Clock.systemUTC(), Sleeper.REAL, events::add);
        return watcher.watch(new WatchOptions("apps",
                List.of(new WatchedService("web", Optional.ofNullable(taskDefinition))), timeout, FAST));
    }

    @Test
    void aGoodReleaseSucceedsWithATimelineWithinTheBounds() {
        start(SimConfig.defaults());
        createService(4, 100, 200, true, true);
        String next = deploy("repo/web:2");

        RolloutResult result = watch(next, Duration.ofSeconds(30));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        ServiceResult service = result.evidence().services().get(0);
        assertThat(service.rollout().runningTaskDefinition()).isEqualTo(next);
        assertThat(service.rollout().rolloutState()).isEqualTo("COMPLETED");
        assertThat(service.evidence().boundViolations()).isEmpty();
        assertThat(service.bounds().lowerBound()).isEqualTo(4);
        assertThat(service.bounds().upperBound()).isEqualTo(8);
        assertThat(result.evidence().timeline()).isNotEmpty().allSatisfy(sample -> assertThat(
                sample.deployments().stream().mapToInt(d -> d.running() + d.pending()).sum()).isLessThanOrEqualTo(8));
        assertThat(result.evidence().timeline()).anySatisfy(sample -> assertThat(sample.deployments()).hasSize(2));
        assertThat(service.evidence().serviceEvents()).extracting(ServiceEventView::message)
                .contains("(service web) has reached a steady state.");
        // each event carries the poll that first reported it, on the clock of the result's own timing
        assertThat(service.evidence().serviceEvents()).allSatisfy(e -> assertThat(e.seenAt())
                .isBetween(result.timing().startedAt(), result.timing().finishedAt()));
        assertThat(events).anyMatch(e -> e instanceof BerthEvent.VerdictReached v && v.outcome() == Outcome.SUCCEEDED);
    }

    @Test
    void aCircuitBreakerRollbackIsRolledBackEvenThoughTheServiceLooksStable() {
        start(SimConfig.defaults());
        createService(4, 100, 200, true, true);
        String bad = deploy("repo/web:2-crash");

        RolloutResult result = watch(bad, Duration.ofSeconds(30));

        assertThat(result.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(result.outcome().exitCode()).isEqualTo(4);
        ServiceResult service = result.evidence().services().get(0);
        assertThat(service.rollout().runningTaskDefinition()).endsWith("task-definition/web:1");
        assertThat(service.reason()).contains("ECS deployment circuit breaker").contains("back on web:1");
        assertThat(service.evidence().stoppedTasks()).isNotEmpty().allSatisfy(t -> {
            assertThat(t.taskDefinition()).isEqualTo("web:2");
            assertThat(t.stoppedReason()).isEqualTo("Essential container in task exited");
            assertThat(t.containers().get(0).exitCode()).isEqualTo(1);
        });
        assertThat(events).anyMatch(e -> e instanceof BerthEvent.TaskStopped);
    }

    @Test
    void aBreakerWithoutRollbackFailsAndSaysTheServiceStaysOnTheFailedDeployment() {
        start(SimConfig.defaults());
        createService(4, 100, 200, true, false);
        String bad = deploy("repo/web:2-crash");

        RolloutResult result = watch(bad, Duration.ofSeconds(30));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.outcome().exitCode()).isEqualTo(5);
        assertThat(result.reason()).contains("tasks failed to start").contains("Rollback is not enabled");
    }

    @Test
    void aStuckRolloutTimesOutAtBerthsOwnDeadlineAndSaysWhy() {
        start(SimConfig.defaults());
        createService(1, 100, 100, true, true);
        String next = deploy("repo/web:2");

        RolloutResult result = watch(next, Duration.ofSeconds(2));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.outcome().exitCode()).isEqualTo(6);
        assertThat(result.duration()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(result.reason()).contains("no verdict within PT2S").contains("cannot progress");
        assertThat(events).anyMatch(e -> e instanceof BerthEvent.Warning w && w.message().contains("desired 1 at MinimumHealthyPercent 100"));
    }

    @Test
    void thirtyPercentThrottledAnswersNeverChangeTheVerdict() {
        start(SimConfig.defaults());
        createService(4, 100, 200, true, true);
        sim.server().apiFaults().update(new ApiFaults.Settings(0.3, 0, 0));

        String good = deploy("repo/web:2");
        assertThat(watch(good, Duration.ofSeconds(60)).outcome()).isEqualTo(Outcome.SUCCEEDED);
        String bad = deploy("repo/web:3-crash");
        assertThat(watch(bad, Duration.ofSeconds(60)).outcome()).isEqualTo(Outcome.ROLLED_BACK);

        assertThat(sim.server().counters().injected().get("throttle")).isPositive();
    }

    @Test
    void serverErrorsAreRetriedToo() {
        start(SimConfig.defaults());
        createService(2, 100, 200, true, true);
        sim.server().apiFaults().update(new ApiFaults.Settings(0, 0.2, 0));
        String good = deploy("repo/web:2");
        sim.server().counters().reset();
        sim.server().apiFaults().serverErrorNext("DescribeServices", 3);

        RolloutResult result = watch(good, Duration.ofSeconds(60));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(sim.server().counters().injected().get("server-error")).isGreaterThanOrEqualTo(3);
        // the simulator received more DescribeServices requests than berth made calls: the SDK asked again
        assertThat(sim.server().counters().received().get("ecs:DescribeServices"))
                .isGreaterThanOrEqualTo(result.evidence().apiCalls().get("DescribeServices") + 3L);
        assertThat(events).noneMatch(e -> e instanceof BerthEvent.Warning);
    }

    @Test
    void aRollbackThatEndedBeforeTheWatchIsStillRolledBack() throws InterruptedException {
        start(SimConfig.defaults());
        createService(2, 100, 200, true, true);
        String bad = deploy("repo/web:2-crash");
        RolloutWatcher first = new RolloutWatcher(ecs, Clock.systemUTC(), Sleeper.REAL, e -> { });
        first.watch(new WatchOptions("apps", List.of(WatchedService.of("web")), Duration.ofSeconds(30), FAST));
        Thread.sleep(200);

        RolloutResult late = watch(bad, Duration.ofSeconds(10));

        assertThat(late.outcome()).isEqualTo(Outcome.ROLLED_BACK);
        assertThat(late.evidence().apiCalls()).containsKey("ListServiceDeployments");
    }

    @Test
    void twelveServicesAreWatchedTenPerCallToOneVerdict() {
        start(SimConfig.defaults());
        List<WatchedService> watched = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String name = "svc" + i;
            String td = register("repo/web:1");
            ecs.createService(r -> r.cluster("apps").serviceName(name).taskDefinition(td).desiredCount(2));
            watched.add(WatchedService.of(name));
        }
        RolloutResult result = new RolloutWatcher(ecs, Clock.systemUTC(), Sleeper.REAL, events::add)
                .watch(new WatchOptions("apps", watched, Duration.ofSeconds(30), FAST));
        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.evidence().services()).hasSize(12).allMatch(s -> s.outcome() == Outcome.SUCCEEDED);
        assertThat(result.evidence().timeline()).extracting(TimelineSample::service).contains("svc0", "svc11");
    }

    @Test
    void watchingWithoutATaskDefinitionJudgesTheCurrentPrimary() {
        start(SimConfig.defaults());
        createService(2, 50, 200, false, false);
        String next = deploy("repo/web:2");
        RolloutResult result = watch(null, Duration.ofSeconds(30));
        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.evidence().services().get(0).rollout().expectedTaskDefinition()).isEqualTo(next);
    }

    @Test
    void unknownServicesClustersAndTaskDefinitionsAreRefused() {
        start(SimConfig.defaults());
        createService(1, 100, 200, false, false);
        assertThatThrownBy(() -> new RolloutWatcher(ecs, Clock.systemUTC(), Sleeper.REAL, e -> { })
                .watch(new WatchOptions("nope", List.of(WatchedService.of("web")), Duration.ofSeconds(5), FAST)))
                .isInstanceOf(RefusedException.class).hasMessage("cluster nope was not found");
        assertThatThrownBy(() -> new RolloutWatcher(ecs, Clock.systemUTC(), Sleeper.REAL, e -> { })
                .watch(new WatchOptions("apps", List.of(WatchedService.of("ghost")), Duration.ofSeconds(5), FAST)))
                .isInstanceOf(RefusedException.class).hasMessage("service ghost was not found in cluster apps (MISSING)");
        assertThatThrownBy(() -> watch("web:7", Duration.ofSeconds(5)))
                .isInstanceOf(RefusedException.class)
                .hasMessage("task definition web:7 is not being deployed to service web: its PRIMARY deployment runs web:1");
    }
}
