package dev.berth.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.Outcome;
import dev.berth.engine.Timing;
import dev.berth.engine.deploy.DeployOptions.Verb;
import dev.berth.engine.deploy.DeployResult;
import dev.berth.engine.deploy.OperationTokens;
import dev.berth.engine.deploy.PlanResult;
import dev.berth.engine.deploy.PreFlightReport;
import dev.berth.engine.deploy.ServiceTarget;
import dev.berth.engine.deploy.verdict.Verdict;
import dev.berth.engine.history.HistoryEntry;
import dev.berth.engine.rollout.DeploymentView;
import dev.berth.engine.rollout.RolloutBounds;
import dev.berth.engine.rollout.RolloutEvidence;
import dev.berth.engine.rollout.RolloutResult;
import dev.berth.engine.rollout.ServiceEventView;
import dev.berth.engine.rollout.ServiceResult;
import dev.berth.engine.rollout.StoppedTask;
import dev.berth.engine.rollout.TimelineSample;
import dev.berth.engine.stack.PlannedChange;
import dev.berth.engine.stack.StackEventView;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON berth prints is a contract: every field of a full deploy result, a wait result, a
 * history and a plan, written the way the commands write them, is pinned here byte for byte, so a
 * change to the engine's result types cannot move, rename or drop a field unnoticed.
 */
class ResultShapeTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final String OLD_TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
    private static final String NEW_TD = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private final ResultJson json = new ResultJson();

    @Test
    void aDeployResultWithEveryFieldKeepsItsShape() throws IOException {
        assertPinned("deploy-result.json", json.write(json.deploy("deploy", deployResult())));
    }

    @Test
    void aWaitResultKeepsItsShape() throws IOException {
        RolloutResult result = new RolloutResult(Outcome.SUCCEEDED, "all services run their task definition", "prod",
                new Timing(T0, T0.plusMillis(42_500)),
                new RolloutEvidence(List.of(service()), timeline(), Map.of("DescribeServices", 7, "DescribeTasks", 2)));
        assertPinned("wait-result.json", json.write(json.rollout("wait", result)));
    }

    @Test
    void aHistoryKeepsItsShape() throws IOException {
        String token = "berth-deploy-rita-sam-1";
        HistoryEntry done = new HistoryEntry(T0, T0.plusSeconds(90),
                new HistoryEntry.Operation("update", "UPDATE_COMPLETE", HistoryEntry.Ending.SUCCEEDED, token),
                new OperationTokens.Parsed(Verb.DEPLOY, "rita", "sam"),
                new HistoryEntry.FoundVersion("2", "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web:2",
                        "the task definition's properties in the stack events"));
        HistoryEntry running = new HistoryEntry(T0.plusSeconds(200), null,
                new HistoryEntry.Operation("update", "UPDATE_IN_PROGRESS", HistoryEntry.Ending.IN_PROGRESS, null), null,
                HistoryEntry.FoundVersion.NONE);
        ObjectNode node = json.mapper().createObjectNode();
        node.set("entries", json.history(List.of(running, done)));
        assertPinned("history.json", json.write(node));
    }

    @Test
    void aPlanKeepsItsShape() throws IOException {
        PlanResult plan = new PlanResult("web", "1", "2", false, List.of(change()), List.of(new ServiceTarget("Service", "prod",
                "web", "arn:aws:ecs:us-east-1:123456789012:service/prod/web", OLD_TD, new RolloutBounds(4, 50, 200), true, true, null, null)));
        ObjectNode node = json.mapper().createObjectNode();
        node.set("plan", json.mapper().valueToTree(plan));
        assertPinned("plan.json", json.write(node));
    }

    static DeployResult deployResult() {
        StackEventView event = new StackEventView("web", "e1", T0.plusSeconds(1), "Service",
                "arn:aws:ecs:us-east-1:123456789012:service/prod/web", "AWS::ECS::Service", "UPDATE_IN_PROGRESS", "Resource update started",
                "berth-deploy-rita-sam-1", "{\"Cluster\":\"prod\"}", T0.plusSeconds(2));
        String token = "berth-deploy-rita-sam-1";
        return new DeployResult(
                new Verdict(Outcome.ROLLED_BACK, "the circuit breaker rolled back", "berth deploy --stack web --version 2"),
                new DeployResult.Release("web", "2", "1", new PreFlightReport.ImageCheck(
                        "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web",
                        "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web:2", DIGEST)),
                new DeployResult.Requester(Verb.DEPLOY, "rita", "sam", "hot fix"),
                new DeployResult.Update(token, "arn:aws:cloudformation:us-east-1:123456789012:changeSet/berth-deploy-2/1",
                        List.of(change())),
                new DeployResult.StackState("UPDATE_ROLLBACK_COMPLETE", List.of(event)),
                new Timing(T0, T0.plusMillis(95_250)),
                new RolloutEvidence(List.of(service()), timeline(), Map.of("DescribeStackEvents", 12, "DescribeServices", 9)));
    }

    private static PlannedChange change() {
        return new PlannedChange("Modify", "TaskDefinition", "AWS::ECS::TaskDefinition", OLD_TD, "True", List.of("Version"));
    }

    private static ServiceResult service() {
        StoppedTask task = new StoppedTask("t1", NEW_TD, "ecs-svc/2", "EssentialContainerExited", "Essential container exited",
                List.of(new StoppedTask.ContainerExit("app", 1, null), new StoppedTask.ContainerExit("sidecar", null, "killed")),
                T0.plusSeconds(30));
        return new ServiceResult("web", Outcome.ROLLED_BACK, "circuit breaker tripped",
                new ServiceResult.Rollout(NEW_TD, OLD_TD, "ecs-svc/2", "FAILED"), new ServiceResult.Bounds(4, 2, 8),
                new ServiceResult.Evidence(List.of(task),
                        List.of(new ServiceEventView("ev1", T0.plusSeconds(31), "(service web) rolling back", T0.plusSeconds(33))),
                        List.of("9 tasks running or pending, above the upper bound 8")));
    }

    private static List<TimelineSample> timeline() {
        DeploymentView primary = new DeploymentView("ecs-svc/2", "PRIMARY", NEW_TD, 4, 1, 2, 1, "IN_PROGRESS", null, T0);
        DeploymentView old = new DeploymentView("ecs-svc/1", "ACTIVE", OLD_TD, 4, 0, 4, 0, "COMPLETED", "done", T0.minusSeconds(600));
        return List.of(new TimelineSample(T0.plusSeconds(5), 5.0, "web", 4, 2, 8, List.of(primary, old)));
    }

    /** Compares with the pinned file; a mismatch leaves the actual text beside it in target/ to compare. */
    private static void assertPinned(String name, String actual) throws IOException {
        Path pinned = Path.of("src/test/resources/dev/berth/report", name);
        if (!Files.exists(pinned)) {
            Path written = Path.of("target/result-shapes", name);
            Files.createDirectories(written.getParent());
            Files.writeString(written, actual, StandardCharsets.UTF_8);
        }
        assertThat(pinned).as("pinned %s (the actual text is in target/result-shapes when missing)", name).exists();
        assertThat(actual).as(name).isEqualTo(Files.readString(pinned, StandardCharsets.UTF_8));
    }
}
