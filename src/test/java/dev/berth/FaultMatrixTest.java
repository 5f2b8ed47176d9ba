package dev.berth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.sim.SimConfig;
import dev.berth.sim.http.ApiFaults;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deploys through CloudFormation while the simulator misbehaves: every verdict must be the right
 * one, and every operation berth starts (one client token) must be carried out exactly once, even
 * when a call is retried after its answer was lost.
 */
@Execution(ExecutionMode.CONCURRENT)
class FaultMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SUMMARY = new ConcurrentSkipListMap<>();

    enum Fault {
        THROTTLING("30% of calls throttled", new ApiFaults.Settings(0.3, 0, 0, 0)),
        SERVER_ERRORS("10% of calls fail with a 5xx", new ApiFaults.Settings(0, 0.1, 0, 0)),
        LATENCY("500 ms added to every call", new ApiFaults.Settings(0, 0, 500, 0)),
        RESETS("10% of calls carried out, then the connection reset mid-answer", new ApiFaults.Settings(0, 0, 0, 0.1));

        final String description;
        final ApiFaults.Settings settings;

        Fault(String description, ApiFaults.Settings settings) {
            this.description = description;
            this.settings = settings;
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void goodAndCrashingDeploysGetTheRightVerdictAndEachOperationRunsOnce(Fault fault) throws Exception {
        try (SimFixture sim = SimFixture.start(SimConfig.defaults().withSpeed(40).withSeed(11 + fault.ordinal()))) {
            String stack = StackFixture.clusterAndService(sim, "faults", Map.of("DesiredCount", "3"));
            sim.server().apiFaults().update(fault.settings);

            CliRun good = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2", "--output", "json");
            CliRun crash = CliRun.against(sim, "deploy", "--stack", stack, "--version", "3-crash", "--output", "json");

            sim.server().apiFaults().update(ApiFaults.Settings.NONE);
            Map<String, Long> injected = sim.server().counters().injected();
            JsonNode goodResult = JSON.readTree(good.stdout());
            JsonNode crashResult = JSON.readTree(crash.stdout());
            Map<String, Long> startsPerToken = operationStartsPerToken(sim, stack);
            SUMMARY.put(fault.name(), String.format("%-62s runs 2, right verdicts %d, faults injected %s, operations per token %s",
                    fault.description, (goodResult.path("outcome").asText().equals("SUCCEEDED") ? 1 : 0)
                            + (crashResult.path("outcome").asText().equals("ROLLED_BACK") ? 1 : 0), injected, startsPerToken.values()));

            assertThat(good.exitCode()).as(good.stderr()).isZero();
            assertThat(goodResult.path("outcome").asText()).isEqualTo("SUCCEEDED");
            assertThat(crash.exitCode()).as(crash.stderr()).isEqualTo(4);
            assertThat(crashResult.path("outcome").asText()).isEqualTo("ROLLED_BACK");
            assertThat(crashResult.path("reason").asText()).contains("rolled back to version 2");
            assertThat(startsPerToken).as("operations started per berth token").allSatisfy((token, starts) ->
                    assertThat(starts).as(token).isEqualTo(1L));
            assertThat(startsPerToken.keySet()).contains(goodResult.path("clientRequestToken").asText(),
                    crashResult.path("clientRequestToken").asText());
            if (fault != Fault.LATENCY) {
                assertThat(injected.values().stream().mapToLong(Long::longValue).sum()).as("faults were injected").isPositive();
            }
        }
    }

    @Test
    void answersLostAfterTheChangeSetWasCreatedAndExecutedAreRetriedWithoutActingTwice() throws Exception {
        try (SimFixture sim = SimFixture.start(SimConfig.defaults().withSpeed(40))) {
            String stack = StackFixture.clusterAndService(sim, "lost", Map.of());
            sim.server().counters().reset();
            sim.server().apiFaults().resetNext("CreateChangeSet");
            sim.server().apiFaults().resetNext("ExecuteChangeSet");
            CliRun deploy = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2", "--output", "json");

            assertThat(deploy.exitCode()).as(deploy.stderr()).isZero();
            assertThat(sim.server().counters().injected()).containsEntry("reset", 2L);
            assertThat(sim.server().counters().received()).containsEntry("cloudformation:CreateChangeSet", 2L)
                    .containsEntry("cloudformation:ExecuteChangeSet", 2L);
            assertThat(operationStartsPerToken(sim, stack)).containsEntry(JSON.readTree(deploy.stdout()).path("clientRequestToken").asText(), 1L)
                    .allSatisfy((token, starts) -> assertThat(starts).isEqualTo(1L));
            SUMMARY.put("~lost answers", String.format("%-62s deploy SUCCEEDED; each sent twice, carried out once",
                    "CreateChangeSet and ExecuteChangeSet answers cut off"));
        }
    }

    /** The stack-level "User Initiated" events, which open each operation, counted per berth client token (stack creation included). */
    private static Map<String, Long> operationStartsPerToken(SimFixture sim, String stack) {
        List<StackEvent> events = new ArrayList<>();
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            cfn.describeStackEventsPaginator(r -> r.stackName(stack)).stackEvents().forEach(events::add);
        }
        return events.stream()
                .filter(e -> e.logicalResourceId().equals(stack) && "User Initiated".equals(e.resourceStatusReason()))
                .filter(e -> e.clientRequestToken() != null && e.clientRequestToken().startsWith("berth-"))
                .collect(Collectors.groupingBy(StackEvent::clientRequestToken, Collectors.counting()));
    }

    @Test
    void credentialsThatExpireMidRolloutAreRefreshed() throws Exception {
        // sessions last 5 s on the wall clock; the deploy takes longer, so the first session expires under it
        try (SimFixture sim = SimFixture.start(SimConfig.defaults().withSpeed(10).withSessionDuration(Duration.ofSeconds(5)))) {
            String stack = StackFixture.clusterAndService(sim, "expiry", Map.of("DesiredCount", "2"));
            long started = System.nanoTime();
            CliRun deploy = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2",
                    "--role-arn", "arn:aws:iam::000000000000:role/deployer", "--output", "json");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(deploy.exitCode()).as(deploy.stderr()).isZero();
            assertThat(took).as("the deploy outlived the first session").isGreaterThan(Duration.ofSeconds(6));
            long sessions = sim.server().counters().received().getOrDefault("sts:AssumeRole", 0L);
            assertThat(sessions).as("sessions taken").isGreaterThan(1);
            assertThat(sim.server().counters().injected()).as("calls with expired credentials").doesNotContainKey("expired-token");
            SUMMARY.put("~credentials", String.format("%-62s deploy SUCCEEDED in %d s with %d sessions, 0 calls refused",
                    "AssumeRole sessions of 5 s under a longer deploy", took.toSeconds(), sessions));
        }
    }

    @Test
    void theSimulatorRefusesExpiredSessionsSoTheRefreshAboveIsReal() throws Exception {
        try (SimFixture sim = SimFixture.start(SimConfig.defaults().withSessionDuration(Duration.ofSeconds(1)));
             var sts = sim.clients().sts()) {
            var credentials = sts.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/deployer").roleSessionName("t"))
                    .credentials();
            Thread.sleep(1200);
            var expired = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(credentials.accessKeyId(),
                            credentials.secretAccessKey(), credentials.sessionToken()));
            try (var clients = new dev.berth.engine.aws.AwsClients(sim.settings(), expired); var ecs = clients.ecs()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(ecs::listClusters)
                        .hasMessageContaining("The security token included in the request is expired");
            }
        }
    }

    @AfterAll
    static void summary() {
        System.out.println("fault matrix:");
        SUMMARY.values().forEach(line -> System.out.println("  " + line));
    }
}
