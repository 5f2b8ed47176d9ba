package dev.berth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cli.DockerSaveArchive;
import dev.berth.engine.Outcome;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.stack.StackDeployer;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pre-flight checks the image the update will really run, read from the stack's template: here the Repository
 * parameter is a repository name and the registry's address is built with Fn::Sub from pseudo parameters.
 */
class ImagePreFlightStoryTest {
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

    private static String push(String repository, String tag) throws IOException {
        Path tar = DockerSaveArchive.write(temp.resolve(repository.replace('/', '-') + "-" + tag + ".tar"), repository + " " + tag);
        CliRun run = CliRun.against(sim, "push", "--repository", repository, "--tag", tag, "--tar", tar.toString(), "-o", "json");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return JSON.readTree(run.stdout()).path("digest").asText();
    }

    private static Map<String, String> parameters(String stack) {
        return cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).parameters().stream()
                .collect(Collectors.toMap(Parameter::parameterKey, Parameter::parameterValue));
    }

    private static String taskDefinitionImage(String stack) {
        String arn = cfn.describeStackResource(r -> r.stackName(stack).logicalResourceId("TaskDefinition"))
                .stackResourceDetail().physicalResourceId();
        return ecs.describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition().containerDefinitions().get(0).image();
    }

    @Test
    void aTagNeverPushedToARepositoryNamedInTheTemplateIsRefusedAndNothingChanges() throws Exception {
        push("team/web", "1");
        String digest2 = push("team/web", "2");
        String stack = "named-repository";
        try (InputStream template = ImagePreFlightStoryTest.class.getResourceAsStream("named-repository-service.yaml")) {
            StackDeployer.Result created = new StackDeployer(cfn, Clock.systemUTC(), Sleeper.REAL, DeploymentListener.NONE)
                    .deploy(stack, new String(template.readAllBytes(), StandardCharsets.UTF_8),
                            Map.of("Repository", "team/web", "Version", "1"), Duration.ofMinutes(2));
            assertThat(created.outcome()).as(created.reason()).isEqualTo(Outcome.SUCCEEDED);
        }
        String image1 = "000000000000.dkr.ecr.us-east-1.amazonaws.com/team/web:1";
        assertThat(taskDefinitionImage(stack)).isEqualTo(image1);
        Map<String, String> before = parameters(stack);
        int events = cfn.describeStackEvents(r -> r.stackName(stack)).stackEvents().size();
        Map<String, Long> mutations = Map.copyOf(sim.server().counters().mutations());

        CliRun refused = CliRun.against(sim, "deploy", "--stack", stack, "--version", "99");
        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(3);
        assertThat(refused.stderr()).contains("version 99 was never pushed to " + sim.server().registry().host() + "/team/web")
                .contains("000000000000.dkr.ecr.us-east-1.amazonaws.com/team/web:99")
                .contains("container app of TaskDefinition")
                .contains("berth push --repository team/web --tag 99");
        assertThat(sim.server().counters().mutations()).as("no AWS call that changes anything").isEqualTo(mutations);
        assertThat(parameters(stack)).isEqualTo(before);
        assertThat(cfn.describeStackEvents(r -> r.stackName(stack)).stackEvents()).hasSize(events);
        assertThat(taskDefinitionImage(stack)).isEqualTo(image1);

        CliRun deployed = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2", "-o", "json");
        assertThat(deployed.exitCode()).as(deployed.stderr()).isZero();
        assertThat(JSON.readTree(deployed.stdout()).at("/image/digest").asText()).isEqualTo(digest2);
        assertThat(deployed.stderr()).contains("image public.ecr.aws/nginx/nginx:1.25 of container proxy of TaskDefinition "
                + "is not in an ECR repository of account 000000000000 in us-east-1: not checked");
        assertThat(taskDefinitionImage(stack)).isEqualTo("000000000000.dkr.ecr.us-east-1.amazonaws.com/team/web:2");
    }
}
