package dev.berth;

import dev.berth.sim.http.ApiFaults;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verdicts that must hold when AWS is not kind: two deploys racing, a re-run during the rollback
 * of its own version, an endpoint that answers only 5xx or goes away after the update was
 * executed. Through the CLI against berth sim.
 */
class VerdictStoriesTest {
    private static SimFixture sim;
    private static CloudFormationClient cfn;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(40);
        cfn = sim.clients().cloudFormation();
    }

    @AfterAll
    static void stop() {
        cfn.close();
        sim.close();
    }

    @Test
    void twoDeploysOfDifferentVersionsAtTheSameInstantOneRunsTheOtherIsRefusedNamingIt() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "race", Map.of());
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            String a = (10 + 2 * round) + "";
            String b = (11 + 2 * round) + "";
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> race(go, stack, a));
            CompletableFuture<CliRun> second = CompletableFuture.supplyAsync(() -> race(go, stack, b));
            go.countDown();
            CliRun one = first.get();
            CliRun two = second.get();
            rounds.add(one.exitCode() + "/" + two.exitCode());
            assertThat(List.of(one.exitCode(), two.exitCode())).as(one.stderr() + "\n---\n" + two.stderr())
                    .containsExactlyInAnyOrder(0, 3);
            CliRun loser = one.exitCode() == 3 ? one : two;
            String winner = one.exitCode() == 0 ? a : b;
            assertThat(loser.stderr()).containsAnyOf("is being updated (UPDATE_IN_PROGRESS, to version " + winner + ")",
                    "is being updated (UPDATE_IN_PROGRESS, to version " + winner + ") by another deploy",
                    "was updated by another deploy meanwhile (now UPDATE_COMPLETE at version " + winner + ")");
        }
        System.out.println("race rounds (exit codes): " + rounds);
    }

    private static CliRun race(CountDownLatch go, String stack, String version) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return CliRun.against(sim, "deploy", "--stack", stack, "--version", version);
    }

    @Test
    void theSameCommandRunDuringTheRollbackOfItsVersionFollowsItToItsVerdict() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "rerun", Map.of("DesiredCount", "3"));
        // the first deploy's machine died: the update it started is being rolled back now
        cfn.updateStack(r -> r.stackName(stack).usePreviousTemplate(true).capabilitiesWithStrings("CAPABILITY_IAM").parameters(
                Parameter.builder().parameterKey("Version").parameterValue("2-crash").build(),
                Parameter.builder().parameterKey("ClusterStack").usePreviousValue(true).build(),
                Parameter.builder().parameterKey("Repository").usePreviousValue(true).build(),
                Parameter.builder().parameterKey("DesiredCount").usePreviousValue(true).build()));
        awaitStatus(stack, "UPDATE_ROLLBACK_IN_PROGRESS");

        CliRun again = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2-crash");
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isEqualTo(4);
        assertThat(again.stderr()).contains("re-attach: stack is already being rolled back from version 2-crash");
        assertThat(again.stdout()).startsWith("ROLLED_BACK").contains("rolled back to the previous version");
        assertThat(status(stack)).isEqualTo("UPDATE_ROLLBACK_COMPLETE");

        CliRun other = CliRun.against(sim, "deploy", "--stack", stack, "--version", "3");
        assertThat(other.exitCode()).as("another version is deployed as usual afterwards: " + other.stderr()).isZero();
    }

    @Test
    void anEndpointAnsweringOnly5xxAfterTheUpdateWasExecutedEndsByTheDeadlineWithWhatBerthKnows() throws Exception {
        try (SimFixture own = SimFixture.start(40)) {
            String stack = StackFixture.clusterAndService(own, "fivexx", Map.of());
            long started = System.nanoTime();
            CompletableFuture<CliRun> deploy = CompletableFuture.supplyAsync(() -> CliRun.against(own, "deploy",
                    "--stack", stack, "--version", "2-slow", "--timeout", "4s", "--rollback-grace", "4s"));
            try (CloudFormationClient client = own.clients().cloudFormation()) {
                awaitStatus(client, stack, "UPDATE_IN_PROGRESS");
            }
            own.server().apiFaults().update(new ApiFaults.Settings(0, 1.0, 0, 0));
            CliRun run = deploy.get();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            own.server().apiFaults().update(ApiFaults.Settings.NONE);

            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isIn(5, 6);
            assertThat(run.stdout()).contains("was started").contains("the same command follows it: berth deploy --stack "
                    + stack + " --version 2-slow");
            assertThat(run.stderr()).doesNotContain("refused").doesNotContain("deploy: internal error");
            assertThat(took).as("timeout 4s + grace 4s + one poll").isLessThan(Duration.ofSeconds(20));
            System.out.println("5xx after execute: exit " + run.exitCode() + " after " + took.toMillis() + " ms");
        }
    }

    @Test
    void anEndpointLostAfterTheUpdateWasExecutedIsNotARefusal() throws Exception {
        SimFixture own = SimFixture.start(40);
        String stack = StackFixture.clusterAndService(own, "lost", Map.of());
        long started = System.nanoTime();
        CompletableFuture<CliRun> deploy = CompletableFuture.supplyAsync(() -> CliRun.against(own, "deploy",
                "--stack", stack, "--version", "2-slow", "--timeout", "4s", "--rollback-grace", "4s"));
        try (CloudFormationClient client = own.clients().cloudFormation()) {
            awaitStatus(client, stack, "UPDATE_IN_PROGRESS");
        }
        own.close(); // the endpoint goes away for good
        CliRun run = deploy.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(5);
        // the first lost answer is a refused connection, or a call whose retries ran out of the time left
        assertThat(run.stdout()).startsWith("NEEDS_ATTENTION").contains("was started").contains("AWS gave no answer")
                .containsAnyOf("cannot connect to the AWS endpoint", "did not complete before the specified timeout");
        assertThat(run.stderr()).doesNotContain("refused before any change");
        assertThat(took).isLessThan(Duration.ofSeconds(20));
        System.out.println("endpoint lost after execute: exit " + run.exitCode() + " after " + took.toMillis() + " ms");
    }

    private static String status(String stack) {
        return cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatusAsString();
    }

    private static void awaitStatus(String stack, String wanted) throws InterruptedException {
        awaitStatus(cfn, stack, wanted);
    }

    private static void awaitStatus(CloudFormationClient client, String stack, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        String status;
        while (!(status = client.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatusAsString()).equals(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(stack + " never reached " + wanted + "; it is " + status);
            }
            Thread.sleep(5);
        }
    }
}
