package dev.berth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.Outcome;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.stack.StackDeployer;
import dev.berth.testing.CliRun;
import dev.berth.cli.DockerSaveArchive;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Deploys that know their image: pre-flight finds the version in ECR, the rollout is checked against its digest. */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class DeployByDigestTest {
    /** The tests run concurrently, except the one that reads the simulator's global counters. */
    private static final String COUNTERS = "simulator mutation counters";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SimFixture sim;
    private static CloudFormationClient cfn;
    private static EcsClient ecs;

    @TempDir
    static Path temp;

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

    /** Pushes an image of its own under {@code tag}; returns its digest. */
    private static String push(String repository, String tag) throws IOException {
        Path tar = DockerSaveArchive.write(temp.resolve(repository.replace('/', '-') + "-" + tag + ".tar"), repository + " " + tag);
        CliRun run = CliRun.against(sim, "push", "--repository", repository, "--tag", tag, "--tar", tar.toString(), "-o", "json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return JSON.readTree(run.stdout()).path("digest").asText();
    }

    private static String repositoryUri(String repository) {
        return sim.server().registry().host() + "/" + repository;
    }

    private static Service service(String stack) {
        String arn = cfn.describeStackResource(r -> r.stackName(stack).logicalResourceId("Service"))
                .stackResourceDetail().physicalResourceId();
        return ecs.describeServices(r -> r.cluster(arn.split("/")[1]).services(arn)).services().get(0);
    }

    private static List<Task> runningTasks(String stack) {
        Service service = service(stack);
        String cluster = service.clusterArn();
        List<String> arns = ecs.listTasks(r -> r.cluster(cluster).serviceName(service.serviceName())).taskArns();
        return ecs.describeTasks(r -> r.cluster(cluster).tasks(arns)).tasks();
    }

    private static Map<String, String> parameters(String stack) {
        return cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).parameters().stream()
                .collect(java.util.stream.Collectors.toMap(Parameter::parameterKey, Parameter::parameterValue));
    }

    @Test
    @org.junit.jupiter.api.parallel.ResourceLock(value = COUNTERS, mode = org.junit.jupiter.api.parallel.ResourceAccessMode.READ)
    void aPushedVersionIsDeployedAndItsTasksRunItsDigest() throws Exception {
        push("team/app", "1");
        String digest = push("team/app", "2");
        String stack = StackFixture.clusterAndService(sim, "digest", Map.of("Repository", repositoryUri("team/app"),
                "DesiredCount", "3"));

        CliRun deploy = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2", "-o", "json");
        assertThat(deploy.exitCode()).as(deploy.stderr()).isZero();
        JsonNode result = JSON.readTree(deploy.stdout());
        assertThat(result.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.path("reason").asText()).contains("at version 2 (" + digest + ")");
        assertThat(result.at("/image/reference").asText()).isEqualTo(repositoryUri("team/app") + ":2");
        assertThat(result.at("/image/digest").asText()).isEqualTo(digest);
        assertThat(runningTasks(stack)).hasSize(3)
                .allSatisfy(task -> assertThat(task.containers().get(0).imageDigest()).isEqualTo(digest));
        assertThat(deploy.stderr()).contains("image " + repositoryUri("team/app") + ":2 is " + digest);
    }

    @Test
    // compares the simulator's global mutation counters: no other test may mutate meanwhile
    @org.junit.jupiter.api.parallel.ResourceLock(value = COUNTERS, mode = org.junit.jupiter.api.parallel.ResourceAccessMode.READ_WRITE)
    void aVersionThatWasNeverPushedIsRefusedBeforeAnythingChanges() throws Exception {
        push("team/never", "1");
        String stack = StackFixture.clusterAndService(sim, "never", Map.of("Repository", repositoryUri("team/never")));
        Map<String, String> before = parameters(stack);
        int events = cfn.describeStackEvents(r -> r.stackName(stack)).stackEvents().size();
        var changeSets = cfn.listChangeSets(r -> r.stackName(stack)).summaries();
        Map<String, Long> mutations = Map.copyOf(sim.server().counters().mutations());

        CliRun refused = CliRun.against(sim, "deploy", "--stack", stack, "--version", "7.0.0");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.stderr()).contains("version 7.0.0 was never pushed to " + repositoryUri("team/never"))
                .contains("berth push --repository team/never --tag 7.0.0");
        assertThat(sim.server().counters().mutations()).as("no AWS call that changes anything").isEqualTo(mutations);
        assertThat(parameters(stack)).isEqualTo(before);
        assertThat(cfn.describeStackEvents(r -> r.stackName(stack)).stackEvents()).hasSize(events);
        assertThat(cfn.listChangeSets(r -> r.stackName(stack)).summaries()).isEqualTo(changeSets);

        CliRun plan = CliRun.against(sim, "plan", "--stack", stack, "--version", "7.0.0");
        assertThat(plan.exitCode()).isEqualTo(3);
        assertThat(plan.stderr()).contains("was never pushed");
    }

    @Test
    @org.junit.jupiter.api.parallel.ResourceLock(value = COUNTERS, mode = org.junit.jupiter.api.parallel.ResourceAccessMode.READ)
    void pinDigestDeploysTheImageByDigestToATemplateTakingAWholeReference() throws Exception {
        push("team/pinned", "1");
        String digest = push("team/pinned", "2");
        String stack = "pinned";
        try (InputStream template = DeployByDigestTest.class.getResourceAsStream("whole-image-service.yaml")) {
            StackDeployer.Result created = new StackDeployer(cfn, Clock.systemUTC(), Sleeper.REAL, DeploymentListener.NONE)
                    .deploy(stack, new String(template.readAllBytes(), StandardCharsets.UTF_8),
                            Map.of("Image", repositoryUri("team/pinned") + ":1"), Duration.ofMinutes(2));
            assertThat(created.outcome()).as(created.reason()).isEqualTo(Outcome.SUCCEEDED);
        }

        CliRun pinned = CliRun.against(sim, "deploy", "--stack", stack, "--parameter", "Image", "--version", "2",
                "--pin-digest", "-o", "json");
        assertThat(pinned.exitCode()).as(pinned.stderr()).isZero();
        assertThat(parameters(stack).get("Image")).isEqualTo(repositoryUri("team/pinned") + "@" + digest);
        String taskDefinition = service(stack).taskDefinition();
        assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition(taskDefinition)).taskDefinition().containerDefinitions()
                .get(0).image()).isEqualTo(repositoryUri("team/pinned") + "@" + digest);
        assertThat(runningTasks(stack)).allSatisfy(task -> assertThat(task.containers().get(0).imageDigest()).isEqualTo(digest));

        // without --pin-digest the whole reference gets the version as its tag
        CliRun tagged = CliRun.against(sim, "deploy", "--stack", stack, "--parameter", "Image", "--version", "1");
        assertThat(tagged.exitCode()).as(tagged.stderr()).isZero();
        assertThat(parameters(stack).get("Image")).isEqualTo(repositoryUri("team/pinned") + ":1");
    }

    @Test
    @org.junit.jupiter.api.parallel.ResourceLock(value = COUNTERS, mode = org.junit.jupiter.api.parallel.ResourceAccessMode.READ)
    void pinDigestNeedsAnEcrRepository() {
        String stack = StackFixture.clusterAndService(sim, "public", Map.of());
        CliRun refused = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2", "--pin-digest");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.stderr()).contains("--pin-digest needs the image's repository").contains("names repo/web");
    }
}
