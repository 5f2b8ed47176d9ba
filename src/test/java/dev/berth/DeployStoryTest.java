package dev.berth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * berth deploy, rollback, history and plan through the CLI against stacks made from the bundled
 * templates: the release manager's story, and the ways a deploy is refused or goes wrong.
 */
class DeployStoryTest {
    private static SimFixture sim;
    private static CloudFormationClient cfn;
    private static EcsClient ecs;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(40);
        cfn = sim.clients().cloudFormation();
        ecs = sim.ecs();
    }

    @AfterAll
    static void stop() {
        cfn.close();
        ecs.close();
        sim.close();
    }

    private static String status(String stack) {
        return cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatusAsString();
    }

    private static Service service(String stack) {
        String arn = cfn.describeStackResource(r -> r.stackName(stack).logicalResourceId("Service"))
                .stackResourceDetail().physicalResourceId();
        return ecs.describeServices(r -> r.cluster(arn.split("/")[1]).services(arn)).services().get(0);
    }

    private static String image(String stack) {
        String td = service(stack).taskDefinition();
        return ecs.describeTaskDefinition(r -> r.taskDefinition(td)).taskDefinition().containerDefinitions().get(0).image();
    }

    @Test
    void deployAGoodVersionACrashingOneRollBackAndReadTheHistory() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "story", Map.of("DesiredCount", "4"));

        CliRun good = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2", "--output", "json");
        assertThat(good.exitCode()).as(good.stderr()).isZero();
        JsonNode result = new ObjectMapper().readTree(good.stdout());
        assertThat(result.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.path("previousVersion").asText()).isEqualTo("1");
        assertThat(result.path("stackStatus").asText()).isEqualTo("UPDATE_COMPLETE");
        assertThat(result.path("changes")).extracting(c -> c.path("logicalId").asText()).containsExactly("TaskDefinition", "Service");
        assertThat(image(stack)).isEqualTo("repo/web:2");

        CliRun crash = CliRun.against(sim, "deploy", "--stack", stack, "--version", "3-crash");
        assertThat(crash.exitCode()).as(crash.stderr()).isEqualTo(4);
        assertThat(crash.stdout()).startsWith("ROLLED_BACK").contains("Circuit Breaker was triggered")
                .contains("Essential container in task exited").contains("rolled back to version 2");
        assertThat(status(stack)).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(image(stack)).isEqualTo("repo/web:2");

        CliRun plan = CliRun.against(sim, "rollback", "--stack", stack, "--to", "1", "--plan", "--output", "json");
        assertThat(plan.exitCode()).as(plan.stderr()).isZero();
        JsonNode planned = new ObjectMapper().readTree(plan.stdout());
        assertThat(planned.path("verb").asText()).isEqualTo("rollback");
        assertThat(planned.at("/plan/currentVersion").asText()).isEqualTo("2");
        assertThat(planned.at("/plan/version").asText()).isEqualTo("1");
        assertThat(image(stack)).as("--plan changes nothing").isEqualTo("repo/web:2");

        Map<String, String> releaseManager = Map.of("AWS_ENDPOINT_URL", sim.endpoint(), "AWS_REGION", SimFixture.REGION,
                "BERTH_USER", "ops-bot");
        CliRun rollback = CliRun.run(releaseManager, "rollback", "--stack", stack, "--to", "1", "--reason", "customer report",
                "--approved-by", "Rita Release");
        assertThat(rollback.exitCode()).as(rollback.stderr()).isZero();
        assertThat(image(stack)).isEqualTo("repo/web:1");

        CliRun history = CliRun.against(sim, "history", "--stack", stack, "--output", "json");
        assertThat(history.exitCode()).as(history.stderr()).isZero();
        JsonNode entries = new ObjectMapper().readTree(history.stdout()).path("entries");
        assertThat(entries).extracting(e -> e.path("verb").asText() + " " + e.path("version").asText() + " "
                + e.path("outcome").asText()).containsExactly(
                "rollback 1 SUCCEEDED", "deploy 3-crash ROLLED_BACK", "deploy 2 SUCCEEDED", "create 1 SUCCEEDED");
        assertThat(entries.get(0).path("who").asText()).isEqualTo("ops-bot");
        assertThat(entries.get(0).path("approvedBy").asText()).isEqualTo("rita-release");
        assertThat(CliRun.against(sim, "history", "--stack", stack).stdout()).contains("ops-bot (approved by rita-release)");

        CliRun status = CliRun.against(sim, "status", "--stack", stack, "--output", "json");
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(new ObjectMapper().readTree(status.stdout()).path("services"))
                .singleElement().satisfies(s -> assertThat(s.path("taskDefinition").asText()).isEqualTo(service(stack).taskDefinition()));
        CliRun noStack = CliRun.against(sim, "status", "--stack", "nowhere");
        assertThat(noStack.exitCode()).isEqualTo(3);
        assertThat(noStack.stderr()).contains("stack nowhere was not found");
    }

    @Test
    void anUnchangedVersionIsUnchangedAndBadInputIsRefusedWithoutChangingAnything() {
        String stack = StackFixture.clusterAndService(sim, "refuse", Map.of());
        CliRun same = CliRun.against(sim, "deploy", "--stack", stack, "--version", "1");
        assertThat(same.exitCode()).as(same.stderr()).isZero();
        assertThat(same.stdout()).startsWith("UNCHANGED");

        long mutations = sim.server().counters().mutations().values().stream().mapToLong(Long::longValue).sum();
        CliRun noParameter = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2", "--parameter", "ImageTag");
        assertThat(noParameter.exitCode()).isEqualTo(3);
        assertThat(noParameter.stderr()).contains("berth deploy: refused: stack " + stack + " has no parameter 'ImageTag'");
        CliRun noStack = CliRun.against(sim, "deploy", "--stack", "nowhere", "--version", "2");
        assertThat(noStack.exitCode()).isEqualTo(3);
        assertThat(noStack.stderr()).contains("refused: stack nowhere was not found");
        CliRun injection = CliRun.against(sim, "deploy", "--stack", stack, "--version", "$(id)");
        assertThat(injection.exitCode()).isEqualTo(2);
        assertThat(injection.stderr()).contains("Invalid value for option '--version': '$(id)' is not an image tag");
        assertThat(sim.server().counters().mutations().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(mutations);
        assertThat(status(stack)).isEqualTo("CREATE_COMPLETE");
    }

    @Test
    void aConfigurationThatCanNeverFinishIsRefusedInPreFlight() {
        String stack = StackFixture.clusterAndService(sim, "stuck",
                Map.of("DesiredCount", "1", "MinimumHealthyPercent", "100", "MaximumPercent", "100"));
        long changeSets = sim.server().counters().mutations().getOrDefault("cloudformation:CreateChangeSet", 0L);
        CliRun run = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.stderr()).contains("desired 1 at MinimumHealthyPercent 100 / MaximumPercent 100")
                .contains("cannot progress");
        assertThat(sim.server().counters().mutations().getOrDefault("cloudformation:CreateChangeSet", 0L)).isEqualTo(changeSets);

        CliRun plan = CliRun.against(sim, "plan", "--stack", stack, "--version", "2");
        assertThat(plan.exitCode()).isEqualTo(3);
    }

    @Test
    void planShowsTheChangesAndTheRolloutArithmeticAndLeavesNoChangeSet() {
        String stack = StackFixture.clusterAndService(sim, "plan", Map.of("DesiredCount", "4", "MinimumHealthyPercent", "50"));
        CliRun plan = CliRun.against(sim, "plan", "--stack", stack, "--version", "2");
        assertThat(plan.exitCode()).as(plan.stderr()).isZero();
        assertThat(plan.stdout()).contains("version 1 -> 2")
                .contains("Modify TaskDefinition (AWS::ECS::TaskDefinition) replacement: True, because Version")
                .contains("desired 4, MinimumHealthyPercent 50, MaximumPercent 200")
                .contains("at least 2 healthy and at most 8 running or pending")
                .contains("circuit breaker on, with rollback");
        assertThat(cfn.listChangeSets(r -> r.stackName(stack)).summaries())
                .noneMatch(summary -> summary.changeSetName().startsWith("berth-deploy-"));
        assertThat(status(stack)).isEqualTo("CREATE_COMPLETE");
    }

    @Test
    void atItsOwnDeadlineBerthCancelsTheUpdateAndFollowsTheRollback() {
        String stack = StackFixture.clusterAndService(sim, "slow", Map.of());
        CliRun run = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2-slow", "--timeout", "1s");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(6);
        assertThat(run.stdout()).startsWith("TIMED_OUT").contains("the update was cancelled").contains("rolled back to version 1");
        assertThat(run.stderr()).contains("cancelling the update").contains("UPDATE_ROLLBACK_COMPLETE");
        assertThat(status(stack)).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(image(stack)).isEqualTo("repo/web:1");
    }

    @Test
    void whenTheRollbackItselfFailsTheVerdictNeedsAttentionAndSaysHowToRecover() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "broken", Map.of());
        String oldTaskDefinition = service(stack).taskDefinition();
        CompletableFuture<CliRun> deploy = CompletableFuture.supplyAsync(() ->
                CliRun.against(sim, "deploy", "--stack", stack, "--version", "2-crash"));
        // the old revision disappears while the update runs: CloudFormation cannot put the service back
        awaitStatus(stack, "UPDATE_IN_PROGRESS");
        ecs.deregisterTaskDefinition(r -> r.taskDefinition(oldTaskDefinition));
        CliRun run = deploy.get();
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(5);
        assertThat(run.stdout()).startsWith("NEEDS_ATTENTION")
                .contains("aws cloudformation continue-update-rollback --stack-name " + stack + " --resources-to-skip Service");
        assertThat(status(stack)).isEqualTo("UPDATE_ROLLBACK_FAILED");

        cfn.continueUpdateRollback(r -> r.stackName(stack).resourcesToSkip("Service"));
        awaitStatus(stack, "UPDATE_ROLLBACK_COMPLETE");
    }

    @Test
    void aSecondDeployOfAnotherVersionIsRefusedAndOfTheSameVersionFollowsTheFirst() throws Exception {
        String stack = StackFixture.clusterAndService(sim, "twice", Map.of());
        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() ->
                CliRun.against(sim, "deploy", "--stack", stack, "--version", "2"));
        awaitStatus(stack, "UPDATE_IN_PROGRESS");
        assertThatThrownBy(() -> cfn.updateStack(r -> r.stackName(stack).usePreviousTemplate(true)))
                .hasMessageContaining("is in UPDATE_IN_PROGRESS state and can not be updated.");
        CliRun other = CliRun.against(sim, "deploy", "--stack", stack, "--version", "3");
        assertThat(other.exitCode()).isEqualTo(3);
        assertThat(other.stderr()).contains("stack " + stack + " is being updated (UPDATE_IN_PROGRESS, to version 2)");
        CliRun same = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2");
        assertThat(same.exitCode()).as(same.stderr()).isZero();
        assertThat(same.stderr()).contains("re-attach");
        assertThat(first.get().exitCode()).isZero();
        assertThat(sim.server().counters().mutations().get("cloudformation:ExecuteChangeSet")).isPositive();
    }

    private static void awaitStatus(String stack, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!status(stack).equals(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(stack + " never reached " + wanted + "; it is " + status(stack));
            }
            Thread.sleep(20);
        }
    }
}
