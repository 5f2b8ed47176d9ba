package dev.berth;

import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A build machine dies mid-rollout: the same berth deploy, run again, follows the update to its verdict. */
class DeployKillIT {

    private static ProcessBuilder berth(SimFixture sim, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "berth.jar").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ENDPOINT_URL", sim.endpoint());
        env.put("AWS_REGION", SimFixture.REGION);
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("BERTH_USER", "ci");
        return builder;
    }

    @Test
    void aDeployKilledMidRolloutIsFollowedToItsVerdictByTheSameCommandRunAgain() throws Exception {
        try (SimFixture sim = SimFixture.start(5)) {
            String stack = StackFixture.clusterAndService(sim, "killed", Map.of());
            long executed = sim.server().counters().mutations().get("cloudformation:ExecuteChangeSet");
            Process first = berth(sim, "deploy", "--stack", stack, "--version", "2").start();
            BufferedReader progress = new BufferedReader(new InputStreamReader(first.getErrorStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = progress.readLine()) != null) {
                if (line.contains("Service") && line.contains("UPDATE_IN_PROGRESS")) {
                    break;
                }
            }
            assertThat(line).as("the first deploy reached the service update").isNotNull();
            first.destroyForcibly(); // kill -9: no shutdown hooks, no cleanup
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();

            try (var cfn = sim.clients().cloudFormation()) {
                assertThat(cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatusAsString())
                        .as("killed mid-rollout").isEqualTo("UPDATE_IN_PROGRESS");
            }
            Process again = berth(sim, "deploy", "--stack", stack, "--version", "2").start();
            String stdout = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(again.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(again.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(again.exitValue()).as(stderr).isZero();
            assertThat(stderr).contains("re-attach: stack is already being updated to version 2");
            assertThat(stdout).startsWith("SUCCEEDED").contains("UPDATE_COMPLETE at version 2");
            assertThat(sim.server().counters().mutations().get("cloudformation:ExecuteChangeSet"))
                    .as("the update ran once: the second run only followed it").isEqualTo(executed + 1);
        }
    }
}
