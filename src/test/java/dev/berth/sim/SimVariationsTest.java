package dev.berth.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.SimFixture;
import dev.berth.testing.SimVariationsClient;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator's variations of AWS, switched through /_sim/variations and observed through the real SDK. */
class SimVariationsTest {
    private static final String TOPIC = "{\"Resources\":{\"Topic\":{\"Type\":\"AWS::SNS::Topic\",\"Properties\":{\"DisplayName\":\"t\"}}}}";

    private final SimFixture sim = SimFixture.start(20);
    private final SimVariationsClient variations = sim.variations();
    private final CloudFormationClient cfn = sim.clients().cloudFormation();

    @AfterEach
    void stop() {
        cfn.close();
        sim.close();
    }

    private Stack waitForStack(String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Stack stack = cfn.describeStacks(r -> r.stackName(name)).stacks().get(0);
            if (!stack.stackStatusAsString().endsWith("_IN_PROGRESS") || System.nanoTime() > deadline) {
                return stack;
            }
            Thread.sleep(100);
        }
    }

    /** Until CloudFormation is updating the service (its rollout under way). */
    private void waitForServiceUpdate(String stack) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (events(stack).stream().noneMatch(e -> e.logicalResourceId().equals("Service")
                && e.resourceStatusAsString().equals("UPDATE_IN_PROGRESS"))) {
            assertThat(System.nanoTime()).as("the service update began").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private List<StackEvent> events(String name) {
        return cfn.describeStackEvents(r -> r.stackName(name)).stackEvents();
    }

    private void updateVersion(String stack, String version) {
        List<Parameter> parameters = cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).parameters().stream()
                .map(p -> p.parameterKey().equals("Version") ? Parameter.builder().parameterKey("Version").parameterValue(version).build()
                        : Parameter.builder().parameterKey(p.parameterKey()).usePreviousValue(true).build())
                .toList();
        cfn.updateStack(r -> r.stackName(stack).usePreviousTemplate(true).parameters(parameters)
                .capabilities(software.amazon.awssdk.services.cloudformation.model.Capability.CAPABILITY_IAM));
    }

    @Test
    void stackEventsLoseTheirResourcePropertiesAndUserInitiatedWhileSwitchedOn() throws Exception {
        cfn.createStack(r -> r.stackName("plain").templateBody(TOPIC));
        assertThat(waitForStack("plain").stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(events("plain")).anySatisfy(e -> assertThat(e.resourceProperties()).contains("DisplayName"))
                .anySatisfy(e -> assertThat(e.resourceStatusReason()).isEqualTo("User Initiated"));

        JsonNode shown = variations.eventsWithoutProperties(true);
        assertThat(shown.path("eventsWithoutProperties").asBoolean()).isTrue();
        assertThat(events("plain")).isNotEmpty().allSatisfy(e -> assertThat(e.resourceProperties()).isNull())
                .anySatisfy(e -> assertThat(e.resourceStatusReason()).isEqualTo("User Initiated"));

        variations.noUserInitiated(true);
        assertThat(events("plain")).isNotEmpty().allSatisfy(e -> {
            assertThat(e.resourceProperties()).isNull();
            assertThat(e.resourceStatusReason()).isNotEqualTo("User Initiated");
        }).anySatisfy(e -> assertThat(e.resourceStatusAsString()).isEqualTo("CREATE_IN_PROGRESS"));

        JsonNode off = variations.reset();
        assertThat(off.path("eventsWithoutProperties").asBoolean()).isFalse();
        assertThat(off.path("noUserInitiated").asBoolean()).isFalse();
        assertThat(events("plain")).anySatisfy(e -> assertThat(e.resourceProperties()).contains("DisplayName"))
                .anySatisfy(e -> assertThat(e.resourceStatusReason()).isEqualTo("User Initiated"));
    }

    @Test
    void aServiceUpdateCloudFormationCompletesButEcsNeverApplies() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "unapplied", java.util.Map.of());
        String before = taskDefinitionOf(stack);
        variations.serviceUpdateNotApplied(true);

        updateVersion(stack, "2");

        assertThat(waitForStack(stack).stackStatusAsString()).isEqualTo("UPDATE_COMPLETE");
        String stackTaskDefinition = cfn.describeStackResource(r -> r.stackName(stack).logicalResourceId("TaskDefinition"))
                .stackResourceDetail().physicalResourceId();
        assertThat(stackTaskDefinition).isNotEqualTo(before).endsWith(":2");
        List<Deployment> deployments = service(stack).deployments();
        assertThat(deployments).singleElement().satisfies(d -> {
            assertThat(d.taskDefinition()).isEqualTo(before);
            assertThat(d.rolloutStateAsString()).isEqualTo("COMPLETED");
        });
    }

    private String taskDefinitionOf(String stack) {
        return service(stack).taskDefinition();
    }

    private software.amazon.awssdk.services.ecs.model.Service service(String stack) {
        String arn = cfn.describeStackResource(r -> r.stackName(stack).logicalResourceId("Service"))
                .stackResourceDetail().physicalResourceId();
        try (EcsClient ecs = sim.ecs()) {
            return ecs.describeServices(r -> r.cluster(arn.split("/")[1]).services(arn)).services().get(0);
        }
    }

    /** Cancels an update of a slow release; returns how long after the cancel its rollback began (simulated). */
    private Duration cancelSlowRelease(String name) throws Exception {
        String stack = StackFixture.clusterAndService(sim, name, java.util.Map.of());
        updateVersion(stack, "2-slow");
        waitForServiceUpdate(stack);
        cfn.cancelUpdateStack(r -> r.stackName(stack));
        Instant cancelledAt = sim.server().world().clock().now();
        assertThat(waitForStack(stack).stackStatusAsString()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(events(stack)).anySatisfy(e -> {
            assertThat(e.logicalResourceId()).isEqualTo("Service");
            assertThat(e.resourceStatusAsString()).isEqualTo("UPDATE_FAILED");
            assertThat(e.resourceStatusReason()).isEqualTo("Resource update cancelled");
        });
        StackEvent rollbackStarted = events(stack).stream()
                .filter(e -> e.logicalResourceId().equals(stack) && e.resourceStatusAsString().equals("UPDATE_ROLLBACK_IN_PROGRESS"))
                .reduce((newer, older) -> older).orElseThrow();
        return Duration.between(cancelledAt, rollbackStarted.timestamp());
    }

    @Test
    void aCancelRollsBackAServiceUpdateAtOnce() throws Exception {
        assertThat(cancelSlowRelease("quickcancel")).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aCancelIsAcceptedAndItsRollbackStartsOnlyAfterTheDelay() throws Exception {
        variations.cancelDelay(Duration.ofSeconds(40));
        String stack = StackFixture.clusterAndService(sim, "slowcancel", java.util.Map.of());
        updateVersion(stack, "2-slow");
        waitForServiceUpdate(stack);
        Instant cancelledAt = sim.server().world().clock().now();
        cfn.cancelUpdateStack(r -> r.stackName(stack));
        cfn.cancelUpdateStack(r -> r.stackName(stack)); // a cancel is on its way: accepted again, nothing more happens
        Thread.sleep(1_000); // 20 s simulated
        assertThat(cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatusAsString())
                .isEqualTo("UPDATE_IN_PROGRESS");

        assertThat(waitForStack(stack).stackStatusAsString()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        StackEvent rollbackStarted = events(stack).stream()
                .filter(e -> e.logicalResourceId().equals(stack) && e.resourceStatusAsString().equals("UPDATE_ROLLBACK_IN_PROGRESS"))
                .reduce((newer, older) -> older).orElseThrow();
        assertThat(Duration.between(cancelledAt, rollbackStarted.timestamp())).isBetween(Duration.ofMillis(39_900), Duration.ofSeconds(46));
    }

    private EcsClient noRetries() {
        return EcsClient.builder().endpointOverride(sim.server().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(SimFixture.CREDENTIALS)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(DefaultRetryStrategy.doNotRetry()).build())
                .build();
    }

    @Test
    void anEndpointThatRefusesConnectionsForAWhileThenComesBack() throws Exception {
        try (EcsClient ecs = noRetries()) {
            assertThat(ecs.listClusters().clusterArns()).isEmpty();
            JsonNode shown = variations.outage(Duration.ofSeconds(2), SimVariationsClient.Outage.REFUSE);
            assertThat(shown.path("outage").path("mode").asText()).isEqualTo("refuse");
            Thread.sleep(400);

            assertThatThrownBy(ecs::listClusters).isInstanceOf(SdkClientException.class)
                    .hasRootCauseInstanceOf(ConnectException.class);

            Thread.sleep(2_000);
            assertThat(ecs.listClusters().clusterArns()).isEmpty();
            assertThat(variations.get().path("outage").isNull()).isTrue();
        }
    }

    @Test
    void anEndpointThatResetsConnectionsForAWhileThenComesBack() throws Exception {
        try (EcsClient ecs = noRetries()) {
            assertThat(ecs.listClusters().clusterArns()).isEmpty(); // a kept-alive connection, reset by the outage
            variations.outage(Duration.ofSeconds(2), SimVariationsClient.Outage.RESET);
            Thread.sleep(400);

            assertThatThrownBy(ecs::listClusters).isInstanceOf(SdkClientException.class)
                    // a reset shows as a SocketException on reading, or an IOException on writing the request
                    .satisfies(e -> assertThat(e).hasRootCauseInstanceOf(java.io.IOException.class));
            assertThatThrownBy(ecs::listClusters).isInstanceOf(SdkClientException.class);

            Thread.sleep(2_000);
            assertThat(ecs.listClusters().clusterArns()).isEmpty();
        }
    }

    @Test
    void aBadSwitchIsRefusedNamingItAndNothingChanges() {
        variations.noUserInitiated(true);
        com.fasterxml.jackson.databind.node.ObjectNode bad = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        bad.put("eventsWithoutProperties", true).put("cancelDelaySeconds", -5);
        assertThatThrownBy(() -> variations.set(bad)).hasMessageContaining("400").hasMessageContaining("cancelDelaySeconds");
        bad.removeAll();
        bad.put("eventsWithoutProperty", true);
        assertThatThrownBy(() -> variations.set(bad)).hasMessageContaining("unknown variation 'eventsWithoutProperty'");
        bad.removeAll();
        bad.put("serviceUpdateNotApplied", "yes");
        assertThatThrownBy(() -> variations.set(bad)).hasMessageContaining("serviceUpdateNotApplied must be true or false");
        bad.removeAll();
        bad.putObject("outage").put("seconds", 5).put("mode", "flaky");
        assertThatThrownBy(() -> variations.set(bad)).hasMessageContaining("outage.mode must be refuse or reset");
        JsonNode now = variations.get();
        assertThat(now.path("noUserInitiated").asBoolean()).isTrue();
        assertThat(now.path("eventsWithoutProperties").asBoolean()).isFalse();
        assertThat(now.path("cancelDelaySeconds").asDouble()).isZero();
        assertThat(now.path("outage").isNull()).isTrue();
    }

    @Test
    void switchesGivenAtStartUpAreOnFromTheStart() {
        try (SimFixture started = SimFixture.start(SimConfig.defaults().withVariations(
                new SimVariations.Settings(true, true, true, Duration.ofSeconds(90))))) {
            JsonNode shown = started.variations().get();
            assertThat(shown.path("eventsWithoutProperties").asBoolean()).isTrue();
            assertThat(shown.path("noUserInitiated").asBoolean()).isTrue();
            assertThat(shown.path("serviceUpdateNotApplied").asBoolean()).isTrue();
            assertThat(shown.path("cancelDelaySeconds").asDouble()).isEqualTo(90.0);
        }
    }
}
