package dev.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** berth's commands through picocli execute(): exit codes, stdout and stderr. */
class CliTest {
    private static SimFixture sim;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(20);
        try (EcsClient ecs = sim.ecs()) {
            ecs.createCluster(r -> r.clusterName("apps"));
            String td = ecs.registerTaskDefinition(r -> r.family("web").containerDefinitions(ContainerDefinition.builder()
                    .name("web").image("repo/web:1").memory(128).build())).taskDefinition().taskDefinitionArn();
            ecs.createService(r -> r.cluster("apps").serviceName("web").taskDefinition(td).desiredCount(2)
                    .deploymentConfiguration(c -> c.deploymentCircuitBreaker(b -> b.enable(true).rollback(true))));
        }
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void withoutACommandBerthPrintsUsageAndExitsTwo() {
        CliRun run = CliRun.run(Map.of());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("Usage: berth").contains("wait").contains("Exit codes:");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wait --service web | Missing required option: '--cluster=CLUSTER'",
            "wait --cluster apps --service web --timeout 5x | invalid duration '5x'",
            "wait --cluster apps --service web --timeout 0s | duration must be positive",
            "wait --cluster 'bad name' --service web | Invalid value for option '--cluster': 'bad name' is not a cluster name",
            "wait --cluster apps --service web;rm | Invalid value for option '--service': 'web;rm' is not a service name",
            "wait --cluster apps --service web --task-definition web:x | Invalid value for option '--task-definition': 'web:x'",
            "wait --cluster apps --service web,api --task-definition web:1 | --task-definition applies to one service",
            "status --cluster apps | Missing required argument(s): --service=SERVICE",
            "wait --cluster apps --service web --output yaml | Invalid value for option '--output'",
            "frobnicate | Unmatched argument at index 0: 'frobnicate'"})
    void badUsageExitsTwoAndNamesWhatWasWrong(String args, String message) {
        CliRun run = CliRun.against(sim, split(args));
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains(message);
        assertThat(sim.server().counters().mutations()).doesNotContainKey("ecs:UpdateService");
    }

    @Test
    void unknownClustersAndServicesAreRefusedWithExitThree() {
        CliRun cluster = CliRun.against(sim, "wait", "--cluster", "nope", "--service", "web", "--timeout", "10s");
        assertThat(cluster.exitCode()).isEqualTo(3);
        assertThat(cluster.stderr()).contains("berth wait: refused: cluster nope was not found");

        CliRun service = CliRun.against(sim, "status", "--cluster", "apps", "--service", "ghost");
        assertThat(service.exitCode()).isEqualTo(3);
        assertThat(service.stderr()).contains("berth status: refused: not found in cluster apps: ghost (MISSING)");
    }

    @Test
    void anUnreachableEndpointIsRefusedWithExitThree() {
        CliRun run = CliRun.run(Map.of("AWS_REGION", "us-east-1"), "status", "--cluster", "apps", "--service", "web",
                "--endpoint-url", "http://127.0.0.1:9");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.stderr()).contains("cannot connect to the AWS endpoint");
    }

    @Test
    void waitPrintsTheResultAsJsonWithAnOutcomeAndNoAnsiCodes() throws Exception {
        CliRun run = CliRun.against(sim, "wait", "--cluster", "apps", "--service", "web", "--timeout", "30s", "--output", "json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode result = new ObjectMapper().readTree(run.stdout());
        assertThat(result.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.path("exitCode").asInt()).isZero();
        assertThat(result.path("services").get(0).path("service").asText()).isEqualTo("web");
        assertThat(result.path("timeline").size()).isPositive();
        assertThat(run.stderr()).contains("apps/web  ").contains("SUCCEEDED").doesNotContain("\u001b[");
    }

    @Test
    void statusShowsCountsBoundsAndDeployments() {
        CliRun run = CliRun.against(sim, "status", "--cluster", "apps", "--service", "web");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("apps/web  ACTIVE  web:1  desired 2")
                .contains("MinimumHealthyPercent 100, MaximumPercent 200 -> at least 2 healthy, at most 4 running or pending")
                .contains("circuit breaker on, with rollback")
                .containsPattern("PRIMARY ecs-svc/\\d+ web:1 desired 2");
    }

    @Test
    void aRoleArnIsAssumedForTheCallsAndAMalformedOneIsRefused() {
        long before = sim.server().counters().received().getOrDefault("sts:AssumeRole", 0L);
        CliRun run = CliRun.against(sim, "status", "--cluster", "apps", "--service", "web",
                "--role-arn", "arn:aws:iam::000000000000:role/deployer");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(sim.server().counters().received().getOrDefault("sts:AssumeRole", 0L)).isEqualTo(before + 1);

        CliRun bad = CliRun.against(sim, "status", "--cluster", "apps", "--service", "web", "--role-arn", "deployer");
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.stderr()).contains("invalid role ARN 'deployer'");
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun run = CliRun.run(Map.of(), "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("4  failed and rolled back").contains("6  timed out");
    }

    @Test
    void theDemoPushesItsReleasesAndTellsTheWholeStoryThroughCloudFormation() {
        CliRun run = CliRun.run(Map.of(), "demo", "--speed", "40");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).containsPattern("push +1.0.0 +SUCCEEDED .*/berth-demo/web@sha256:[0-9a-f]{64} \\(\\d+ bytes sent\\)")
                .containsPattern("push +1.2.0-crash +SUCCEEDED")
                .containsPattern("cluster stack +- +SUCCEEDED")
                .containsPattern("good release +1.1.0 +SUCCEEDED .*at version 1.1.0 \\(sha256:[0-9a-f]{64}\\)")
                .containsPattern("bad release +1.2.0-crash +ROLLED_BACK")
                .containsPattern("manual rollback +1.0.0 +SUCCEEDED")
                .containsPattern("rollback +1.0.0 +SUCCEEDED +demo");
        // the stack's verdict and why tasks stopped come from state; ECS's own "rolling back" event can
        // come and go between two polls at this speed, so it is not required here
        assertThat(run.stderr()).contains("demo-web  ")
                .containsPattern("demo-web  ROLLED_BACK .*rolled back to version 1\\.1\\.0")
                .containsPattern("task [0-9a-f]+ stopped: Essential container in task exited");
    }

    @Test
    void capacityComputesTheScaleUpThreshold() {
        CliRun run = CliRun.run(Map.of(), "capacity", "--instance-cpu", "2048", "--instance-memory", "4096",
                "--largest-cpu", "512", "--largest-memory", "512");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("CPU:    (1 - 512 / 2048) x 100 = 75%")
                .contains("scale up when CPUReservation passes 75% (ScaleUpThreshold=75)");
        CliRun missing = CliRun.run(Map.of(), "capacity", "--largest-cpu", "512");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("give --instance-type, or both --instance-cpu and --instance-memory");
        CliRun tooLarge = CliRun.run(Map.of(), "capacity", "--instance-type", "t3.small", "--largest-cpu", "4096");
        assertThat(tooLarge.exitCode()).isEqualTo(3);
        assertThat(tooLarge.stderr()).contains("does not fit on one instance");
    }

    private static String[] split(String args) {
        return java.util.Arrays.stream(args.trim().split(" (?=(?:[^']*'[^']*')*[^']*$)"))
                .map(s -> s.replace("'", "")).toArray(String[]::new);
    }
}
