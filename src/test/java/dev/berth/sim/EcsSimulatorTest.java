package dev.berth.sim;

import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated ECS through the real AWS SDK: AWS's shapes, error codes and messages. */
class EcsSimulatorTest {
    private static SimFixture sim;
    private static EcsClient ecs;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(50);
        ecs = sim.ecs();
        ecs.createCluster(r -> r.clusterName("apps"));
    }

    @AfterAll
    static void stop() {
        ecs.close();
        sim.close();
    }

    private static String register(String family, String image) {
        return ecs.registerTaskDefinition(r -> r.family(family).containerDefinitions(
                ContainerDefinition.builder().name("app").image(image).memory(128).essential(true).build()))
                .taskDefinition().taskDefinitionArn();
    }

    private static void createService(String name, String taskDefinition, int desired, boolean breaker, boolean rollback) {
        ecs.createService(r -> r.cluster("apps").serviceName(name).taskDefinition(taskDefinition).desiredCount(desired)
                .deploymentConfiguration(c -> c.maximumPercent(200).minimumHealthyPercent(100)
                        .deploymentCircuitBreaker(b -> b.enable(breaker).rollback(rollback))));
    }

    private static Service service(String name) {
        return ecs.describeServices(r -> r.cluster("apps").services(name)).services().get(0);
    }

    private static <T> T eventually(Supplier<T> read, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached; last value: " + value);
            }
            Thread.sleep(50);
            value = read.get();
        }
        return value;
    }

    @Test
    void unknownClusterIsClusterNotFound() {
        assertThatThrownBy(() -> ecs.describeServices(r -> r.cluster("nope").services("web")))
                .isInstanceOf(ClusterNotFoundException.class)
                .hasMessageStartingWith("Cluster not found.");
    }

    @Test
    void unknownServiceIsAFailureWithReasonMissing() {
        DescribeServicesResponse response = ecs.describeServices(r -> r.cluster("apps").services("ghost"));
        assertThat(response.services()).isEmpty();
        assertThat(response.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo("MISSING");
            assertThat(f.arn()).isEqualTo("arn:aws:ecs:us-east-1:000000000000:service/apps/ghost");
        });
    }

    @Test
    void moreThanTenServicesIsInvalid() {
        List<String> names = IntStream.range(0, 11).mapToObj(i -> "s" + i).toList();
        assertThatThrownBy(() -> ecs.describeServices(r -> r.cluster("apps").services(names)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("service names can have at most 10 items.");
    }

    @Test
    void taskDefinitionErrorsAreClientExceptions() {
        assertThatThrownBy(() -> ecs.describeTaskDefinition(r -> r.taskDefinition("missing:1")))
                .isInstanceOf(ClientException.class).hasMessageStartingWith("Unable to describe task definition.");
        assertThatThrownBy(() -> createService("orphan", "missing:1", 1, false, false))
                .isInstanceOf(ClientException.class).hasMessageStartingWith("TaskDefinition not found.");
        assertThatThrownBy(() -> ecs.registerTaskDefinition(r -> r.family("bad family")
                .containerDefinitions(ContainerDefinition.builder().name("a").image("i").build())))
                .isInstanceOf(ClientException.class).hasMessageContaining("Family contains invalid characters");
    }

    @Test
    void taskDefinitionsGetRevisionsAndAFamilyMeansItsLatestActiveRevision() {
        String first = register("api", "repo/api:1");
        String second = register("api", "repo/api:2");
        assertThat(first).endsWith("task-definition/api:1");
        assertThat(second).endsWith("task-definition/api:2");
        TaskDefinition latest = ecs.describeTaskDefinition(r -> r.taskDefinition("api")).taskDefinition();
        assertThat(latest.revision()).isEqualTo(2);
        assertThat(latest.containerDefinitions().get(0).image()).isEqualTo("repo/api:2");
        ecs.deregisterTaskDefinition(r -> r.taskDefinition("api:2"));
        assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition("api")).taskDefinition().revision()).isEqualTo(1);
        assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition("api:2")).taskDefinition().statusAsString())
                .isEqualTo("INACTIVE");
        assertThat(ecs.listTaskDefinitions(r -> r.familyPrefix("api")).taskDefinitionArns()).containsExactly(first);
    }

    @Test
    void creatingAServiceTwiceIsNotIdempotentAndUpdatesNeedAnActiveService() {
        String td = register("dup", "repo/dup:1");
        createService("dup", td, 0, false, false);
        assertThatThrownBy(() -> createService("dup", td, 0, false, false))
                .isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("Creation of service was not idempotent.");
        assertThatThrownBy(() -> ecs.updateService(r -> r.cluster("apps").service("never").desiredCount(1)))
                .isInstanceOf(ServiceNotFoundException.class).hasMessageStartingWith("Service not found.");
        ecs.deleteService(r -> r.cluster("apps").service("dup"));
        assertThatThrownBy(() -> ecs.updateService(r -> r.cluster("apps").service("dup").desiredCount(1)))
                .isInstanceOf(ServiceNotActiveException.class).hasMessageStartingWith("Service was not ACTIVE.");
    }

    @Test
    void outOfRangePercentagesAreRefused() {
        String td = register("pct", "repo/pct:1");
        assertThatThrownBy(() -> ecs.createService(r -> r.cluster("apps").serviceName("pct").taskDefinition(td)
                .desiredCount(1).deploymentConfiguration(c -> c.minimumHealthyPercent(101))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("minimumHealthyPercent");
        assertThatThrownBy(() -> ecs.createService(r -> r.cluster("apps").serviceName("pct").taskDefinition(td)
                .desiredCount(1).deploymentConfiguration(c -> c.maximumPercent(99))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("maximumPercent");
    }

    @Test
    void aRollingDeploymentReportsDeploymentsCountsAndEventsLikeEcs() throws InterruptedException {
        createService("web", register("web", "repo/web:1"), 4, true, true);
        Service stable = eventually(() -> service("web"), s -> "COMPLETED".equals(s.deployments().get(0).rolloutStateAsString()));
        assertThat(stable.runningCount()).isEqualTo(4);
        assertThat(stable.deployments().get(0).id()).matches("ecs-svc/\\d{19}");
        assertThat(stable.events()).extracting(e -> e.message())
                .anyMatch(m -> m.matches("\\(service web\\) has started 4 tasks: (\\(task [0-9a-f]{32}\\) ?){4}\\."))
                .contains("(service web) has reached a steady state.");

        String next = register("web", "repo/web:2");
        Service updated = ecs.updateService(r -> r.cluster("apps").service("web").taskDefinition(next)).service();
        assertThat(updated.deployments()).hasSize(2);
        assertThat(updated.deployments().get(0).status()).isEqualTo("PRIMARY");
        assertThat(updated.deployments().get(0).rolloutStateReason()).matches("ECS deployment ecs-svc/\\d{19} in progress\\.");
        assertThat(updated.deployments().get(1).status()).isEqualTo("ACTIVE");
        assertThat(updated.taskDefinition()).isEqualTo(next);

        Service done = eventually(() -> service("web"), s -> s.deployments().size() == 1
                && "COMPLETED".equals(s.deployments().get(0).rolloutStateAsString()));
        assertThat(done.deployments().get(0).taskDefinition()).isEqualTo(next);
        assertThat(done.deployments().get(0).rolloutStateReason()).matches("ECS deployment ecs-svc/\\d{19} completed\\.");
        assertThat(done.events().get(0).message()).isEqualTo("(service web) has reached a steady state.");
        assertThat(done.events()).extracting(e -> e.message()).anyMatch(m -> m.startsWith("(service web) has stopped 4 running tasks:"));

        List<String> stopped = ecs.listTasks(r -> r.cluster("apps").serviceName("web").desiredStatus(DesiredStatus.STOPPED)).taskArns();
        Task old = ecs.describeTasks(r -> r.cluster("apps").tasks(stopped.get(0))).tasks().get(0);
        assertThat(old.lastStatus()).isIn("STOPPING", "STOPPED");
        assertThat(old.stopCodeAsString()).isEqualTo("ServiceSchedulerInitiated");
        assertThat(old.stoppedReason()).matches("Scaling activity initiated by \\(deployment ecs-svc/\\d{19}\\)");
        assertThat(old.group()).isEqualTo("service:web");
        assertThat(old.startedBy()).startsWith("ecs-svc/");
        assertThat(old.createdAt()).isBefore(old.startedAt());
    }

    @Test
    void aCrashingImageTripsTheCircuitBreakerAndRollsBack() throws InterruptedException {
        String good = register("shop", "repo/shop:1");
        createService("shop", good, 4, true, true);
        eventually(() -> service("shop"), s -> "COMPLETED".equals(s.deployments().get(0).rolloutStateAsString()));
        String bad = register("shop", "repo/shop:2-crash");
        ecs.updateService(r -> r.cluster("apps").service("shop").taskDefinition(bad));

        Service rolledBack = eventually(() -> service("shop"), s -> s.deployments().size() == 1
                && "COMPLETED".equals(s.deployments().get(0).rolloutStateAsString()));
        assertThat(rolledBack.taskDefinition()).isEqualTo(good);
        List<String> messages = rolledBack.events().stream().map(e -> e.message()).toList();
        assertThat(messages).anyMatch(m -> m.matches("\\(service shop\\) \\(deployment ecs-svc/\\d{19}\\) deployment failed: tasks failed to start\\."))
                .anyMatch(m -> m.matches("\\(service shop\\) rolling back to deployment ecs-svc/\\d{19}\\."));

        List<String> stopped = ecs.listTasks(r -> r.cluster("apps").serviceName("shop").desiredStatus(DesiredStatus.STOPPED)).taskArns();
        List<Task> crashed = ecs.describeTasks(r -> r.cluster("apps").tasks(stopped)).tasks().stream()
                .filter(t -> t.taskDefinitionArn().equals(bad)).toList();
        assertThat(crashed).isNotEmpty().allSatisfy(t -> {
            assertThat(t.stopCodeAsString()).isEqualTo("EssentialContainerExited");
            assertThat(t.stoppedReason()).isEqualTo("Essential container in task exited");
            assertThat(t.containers().get(0).exitCode()).isEqualTo(1);
        });

        List<String> history = ecs.listServiceDeployments(r -> r.cluster("apps").service("shop")).serviceDeployments()
                .stream().map(d -> d.serviceDeploymentArn()).toList();
        assertThat(history).hasSize(2);
        ServiceDeployment failed = ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(history.get(0)))
                .serviceDeployments().get(0);
        assertThat(failed.serviceDeploymentArn()).matches("arn:aws:ecs:us-east-1:000000000000:service-deployment/apps/shop/[A-Za-z0-9]{21}");
        assertThat(failed.statusAsString()).isEqualTo("ROLLBACK_SUCCESSFUL");
        assertThat(failed.rollback().reason()).startsWith("ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/");
        assertThat(failed.deploymentCircuitBreaker().statusAsString()).isEqualTo("TRIGGERED");
        assertThat(failed.deploymentCircuitBreaker().threshold()).isEqualTo(3);
        assertThat(ecs.describeServiceRevisions(r -> r.serviceRevisionArns(failed.targetServiceRevision().arn()))
                .serviceRevisions().get(0).taskDefinition()).isEqualTo(bad);
    }

    @Test
    void imagesThatCannotBePulledFailToStart() throws InterruptedException {
        createService("pull", register("pull", "repo/pull:1-nopull"), 1, false, false);
        List<String> stopped = eventually(() -> ecs.listTasks(r -> r.cluster("apps").serviceName("pull")
                .desiredStatus(DesiredStatus.STOPPED)).taskArns(), l -> !l.isEmpty());
        Task task = ecs.describeTasks(r -> r.cluster("apps").tasks(stopped.get(0))).tasks().get(0);
        assertThat(task.stopCodeAsString()).isEqualTo("TaskFailedToStart");
        assertThat(task.stoppedReason()).startsWith("CannotPullContainerError:").contains("repo/pull:1-nopull");
        assertThat(task.startedAt()).isNull();
        assertThat(task.containers().get(0).exitCode()).isNull();
    }

    @Test
    void stopTaskStopsByUserAndTheServiceReplacesTheTask() throws InterruptedException {
        createService("single", register("single", "repo/single:1"), 1, false, false);
        List<String> running = eventually(() -> ecs.listTasks(r -> r.cluster("apps").serviceName("single")).taskArns(),
                l -> l.size() == 1);
        Task stopped = ecs.stopTask(r -> r.cluster("apps").task(running.get(0)).reason("maintenance")).task();
        assertThat(stopped.desiredStatus()).isEqualTo("STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
        assertThat(stopped.stoppedReason()).isEqualTo("maintenance");
        List<String> replaced = eventually(() -> ecs.listTasks(r -> r.cluster("apps").serviceName("single")).taskArns(),
                l -> l.size() == 1 && !l.contains(running.get(0)));
        assertThat(replaced).doesNotContain(running.get(0));
        assertThat(ecs.describeTasks(r -> r.cluster("apps").tasks("0123456789abcdef0123456789abcdef")).failures())
                .singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));
    }

    @Test
    void unsignedRequestsAreRefusedAndTheAdminEndpointAnswers() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/"))
                .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("\"__type\":\"MissingAuthenticationTokenException\"");

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + "/_sim/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\" : \"ready\"").contains(sim.endpoint());
    }
}
