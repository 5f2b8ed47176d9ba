package dev.berth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.AwsCli;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A team's master template with nested network, cluster and Fargate service stacks, packaged with
 * {@code aws cloudformation package} into the simulator's S3, created with {@code aws cloudformation deploy},
 * then released with {@code berth deploy}: the version flows down to the service stack, berth follows the
 * nested stacks' services and events, and a crashing version is rolled back by the circuit breaker.
 */
class NestedStackStoryTest {
    private static final Path TEMPLATES = Path.of("src/test/resources/dev/berth/nested");
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

    private static Stack stack(String nameOrId) {
        return cfn.describeStacks(r -> r.stackName(nameOrId)).stacks().get(0);
    }

    private static String parameter(Stack stack, String key) {
        return stack.parameters().stream().filter(p -> p.parameterKey().equals(key)).findFirst().orElseThrow().parameterValue();
    }

    private static String nested(String parent, String logicalId) {
        return cfn.describeStackResource(r -> r.stackName(parent).logicalResourceId(logicalId)).stackResourceDetail()
                .physicalResourceId();
    }

    private static String runningImage(String serviceStack) {
        String serviceArn = nested(serviceStack, "Service");
        String taskDefinition = sim.ecs().describeServices(r -> r.cluster(serviceArn.split("/")[1]).services(serviceArn))
                .services().get(0).taskDefinition();
        return sim.ecs().describeTaskDefinition(r -> r.taskDefinition(taskDefinition)).taskDefinition()
                .containerDefinitions().get(0).image();
    }

    @Test
    void packageDeployReleaseAndRollBackAMasterTemplateWithNestedStacks(@TempDir Path dir) throws Exception {
        for (String name : List.of("master.yaml", "network.yaml", "cluster.yaml", "service.yaml")) {
            Files.copy(TEMPLATES.resolve(name), dir.resolve(name));
        }
        // the Debian CLI's package command makes its own S3 client; this plugin points it at --endpoint-url
        AwsCli aws = new AwsCli(sim.endpoint()).configure("[plugins]\ncli_legacy_plugin_path = "
                + TEMPLATES.resolve("awscli-plugin").toAbsolutePath() + "\ns3_follows_endpoint = s3_follows_endpoint\n");
        assertThat(aws.run("s3", "mb", "s3://web-artefacts").exitCode()).isZero();
        Path packaged = dir.resolve("packaged.yaml");
        AwsCli.Result pack = aws.run("cloudformation", "package", "--template-file", dir.resolve("master.yaml").toString(),
                "--s3-bucket", "web-artefacts", "--output-template-file", packaged.toString());
        assertThat(pack.exitCode()).as(pack.stderr()).isZero();
        Matcher urls = Pattern.compile("TemplateURL: (\\S+)").matcher(Files.readString(packaged));
        int count = 0;
        while (urls.find()) {
            count++;
            assertThat(urls.group(1)).startsWith(sim.endpoint() + "/web-artefacts/").endsWith(".template");
            String key = urls.group(1).substring((sim.endpoint() + "/web-artefacts/").length());
            assertThat(sim.server().s3().find("web-artefacts", key)).as(key).isPresent();
        }
        assertThat(count).isEqualTo(3);

        AwsCli.Result deploy = aws.run("cloudformation", "deploy", "--template-file", packaged.toString(), "--stack-name", "web",
                "--capabilities", "CAPABILITY_IAM", "--parameter-overrides", "Version=1", "DesiredCount=2");
        assertThat(deploy.exitCode()).as(deploy.stdout() + deploy.stderr()).isZero();
        Stack master = stack("web");
        assertThat(master.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        String serviceStack = nested("web", "Service");
        Stack service = stack(serviceStack);
        assertThat(service.parentId()).isEqualTo(master.stackId());
        assertThat(service.stackName()).matches("web-Service-[A-Z0-9]{13}");
        assertThat(parameter(service, "Image")).isEqualTo("repo/web:1");
        assertThat(parameter(service, "Cluster")).isEqualTo(nested(nested("web", "Cluster"), "Cluster"));
        assertThat(master.outputs()).anySatisfy(o -> {
            assertThat(o.outputKey()).isEqualTo("ServiceArn");
            assertThat(o.outputValue()).isEqualTo(nested(serviceStack, "Service"));
        });

        CliRun release = CliRun.against(sim, "deploy", "--stack", "web", "--version", "2", "--output", "json");
        assertThat(release.exitCode()).as(release.stderr()).isZero();
        JsonNode result = new ObjectMapper().readTree(release.stdout());
        assertThat(result.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.path("previousVersion").asText()).isEqualTo("1");
        assertThat(release.stderr()).contains("web/Service").contains("TaskDefinition").contains("UPDATE_COMPLETE");
        assertThat(parameter(stack(serviceStack), "Image")).as("the version flows down").isEqualTo("repo/web:2");
        assertThat(runningImage(serviceStack)).isEqualTo("repo/web:2");

        Path report = dir.resolve("report");
        CliRun crash = CliRun.against(sim, "deploy", "--stack", "web", "--version", "3-crash", "--report", report.toString());
        assertThat(crash.exitCode()).as(crash.stdout() + crash.stderr()).isEqualTo(4);
        assertThat(crash.stdout()).as("the failure inside the nested stack explains the verdict").startsWith("ROLLED_BACK")
                .containsPattern("web-Service-[A-Z0-9]{13} Service: .*Circuit Breaker was triggered")
                .contains("Essential container in task exited")
                .contains("rolled back to version 2");
        assertThat(Files.readString(report.resolve("report.html"))).as("the nested stack's events are in the report")
                .contains(serviceStack.split("/")[1]).contains("Circuit Breaker was triggered");
        assertThat(stack("web").stackStatusAsString()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(stack(serviceStack).stackStatusAsString()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(parameter(stack(serviceStack), "Image")).isEqualTo("repo/web:2");
        assertThat(runningImage(serviceStack)).isEqualTo("repo/web:2");
    }
}
