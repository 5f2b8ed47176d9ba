package dev.berth.sim.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.AwsCli;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real AWS CLI v2 deploys berth's bundled templates into the simulator. Its waiters poll every
 * 30 seconds, so this runs beside the other tests.
 */
@Execution(ExecutionMode.CONCURRENT)
class AwsCliCloudFormationTest {
    private static final Path TEMPLATES = Path.of("resources", "dev", "berth", "cloudformation");

    private SimFixture sim;
    private AwsCli aws;

    @BeforeEach
    void start() throws Exception {
        sim = SimFixture.start(20);
        aws = new AwsCli(sim.endpoint());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void cloudformationDeployTakesBothTemplatesAndTheWaitersFollowAnUpdate() throws Exception {
        AwsCli.Result cluster = aws.run("cloudformation", "deploy", "--stack-name", "ecs", "--template-file",
                TEMPLATES.resolve("cluster.yaml").toString(), "--capabilities", "CAPABILITY_IAM");
        assertThat(cluster.exitCode()).as(cluster.stdout() + cluster.stderr()).isZero();
        assertThat(cluster.stdout()).contains("Successfully created/updated stack - ecs");

        AwsCli.Result service = aws.run("cloudformation", "deploy", "--stack-name", "web", "--template-file",
                TEMPLATES.resolve("service.yaml").toString(), "--capabilities", "CAPABILITY_IAM",
                "--parameter-overrides", "ClusterStack=ecs", "Repository=repo/web", "Version=1");
        assertThat(service.exitCode()).as(service.stdout() + service.stderr()).isZero();

        AwsCli.Result again = aws.run("cloudformation", "deploy", "--stack-name", "web", "--template-file",
                TEMPLATES.resolve("service.yaml").toString(), "--capabilities", "CAPABILITY_IAM",
                "--parameter-overrides", "Version=1");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stdout()).contains("No changes to deploy. Stack web is up to date");

        AwsCli.Result update = aws.run("cloudformation", "update-stack", "--stack-name", "web", "--use-previous-template",
                "--capabilities", "CAPABILITY_IAM", "--parameters", "ParameterKey=ClusterStack,UsePreviousValue=true",
                "ParameterKey=Repository,UsePreviousValue=true", "ParameterKey=Version,ParameterValue=2");
        assertThat(update.exitCode()).as(update.stderr()).isZero();
        AwsCli.Result wait = aws.run("cloudformation", "wait", "stack-update-complete", "--stack-name", "web");
        assertThat(wait.exitCode()).as(wait.stderr()).isZero();

        JsonNode events = aws.run("cloudformation", "describe-stack-events", "--stack-name", "web").json().path("StackEvents");
        List<String> newestFirst = new ArrayList<>();
        events.forEach(e -> newestFirst.add(e.path("LogicalResourceId").asText() + " " + e.path("ResourceStatus").asText()));
        assertThat(newestFirst.get(0)).isEqualTo("web UPDATE_COMPLETE");
        assertThat(newestFirst).contains("TaskDefinition UPDATE_COMPLETE", "Service UPDATE_COMPLETE",
                "web UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "TaskDefinition DELETE_COMPLETE", "web REVIEW_IN_PROGRESS");
        JsonNode outputs = aws.run("cloudformation", "describe-stacks", "--stack-name", "web").json()
                .path("Stacks").get(0).path("Outputs");
        assertThat(outputs.toString()).contains("\"ExportName\":\"web-ServiceName\"");
    }
}
