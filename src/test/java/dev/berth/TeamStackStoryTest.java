package dev.berth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.AwsCli;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stack in the shape teams write them (an EC2 cluster from the SSM AMI parameter whose instances
 * signal, an EC2 and a Fargate service, service auto scaling) created with the AWS CLI, released
 * and rolled back with berth deploy, and its instances rolled with the AWS CLI.
 */
class TeamStackStoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TEMPLATE = Path.of("src/test/resources/dev/berth/stories/ec2-and-fargate.yaml");
    private static final String AMI = "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id";

    private static SimFixture sim;
    private static AwsCli aws;

    @BeforeAll
    static void start() throws Exception {
        sim = SimFixture.start(40);
        aws = new AwsCli(sim.endpoint());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void createdWithTheAwsCliReleasedAndRolledBackWithBerthAndItsInstancesRolled() throws Exception {
        AwsCli.Result created = aws.run("cloudformation", "deploy", "--stack-name", "shop", "--template-file", TEMPLATE.toString(),
                "--capabilities", "CAPABILITY_IAM", "--parameter-overrides", "Version=1");
        assertThat(created.exitCode()).as(created.stdout() + created.stderr()).isZero();
        JsonNode stack = describe();
        String ami = aws.run("ssm", "get-parameter", "--name", AMI).json().path("Parameter").path("Value").asText();
        assertThat(ami).matches("ami-0[0-9a-f]{16}");
        assertThat(parameter(stack, "ImageId").path("ResolvedValue").asText()).isEqualTo(ami);
        assertThat(outputs(stack)).containsEntry("Ami", ami);
        assertThat(outputs(stack).get("ScalingPolicy")).startsWith("arn:aws:autoscaling:us-east-1:").contains(":policyName/shop-cpu");
        assertThat(events()).filteredOn(e -> e.startsWith("Instances CREATE_IN_PROGRESS Received SUCCESS signal")).hasSize(2);

        CliRun release = CliRun.against(sim, "deploy", "--stack", "shop", "--version", "2", "-o", "json");
        assertThat(release.exitCode()).as(release.stderr()).isZero();
        JsonNode released = JSON.readTree(release.stdout());
        assertThat(released.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(released.path("services")).hasSize(2).allSatisfy(s -> assertThat(s.path("outcome").asText()).isEqualTo("SUCCEEDED"));
        assertThat(images()).containsOnly("ghcr.io/acme/shop:2");

        CliRun bad = CliRun.against(sim, "deploy", "--stack", "shop", "--version", "3-crash", "-o", "json");
        assertThat(bad.exitCode()).as(bad.stderr()).isEqualTo(4);
        assertThat(JSON.readTree(bad.stdout()).path("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(describe().path("StackStatus").asText()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(images()).containsOnly("ghcr.io/acme/shop:2");

        AwsCli.Result rolled = aws.run("cloudformation", "deploy", "--stack-name", "shop", "--template-file", TEMPLATE.toString(),
                "--capabilities", "CAPABILITY_IAM", "--parameter-overrides", "InstanceType=t3.medium");
        assertThat(rolled.exitCode()).as(rolled.stdout() + rolled.stderr()).isZero();
        assertThat(describe().path("StackStatus").asText()).isEqualTo("UPDATE_COMPLETE");
        assertThat(events()).anyMatch(e -> e.startsWith("Instances UPDATE_IN_PROGRESS Rolling update initiated. Terminating 2 obsolete"))
                .anyMatch(e -> e.startsWith("Instances UPDATE_IN_PROGRESS Successfully terminated instance(s)") && e.endsWith("(Progress 100%)."));
        assertThat(images()).as("the services were left alone").containsOnly("ghcr.io/acme/shop:2");
    }

    private static JsonNode describe() throws Exception {
        return aws.run("cloudformation", "describe-stacks", "--stack-name", "shop").json().path("Stacks").get(0);
    }

    private static JsonNode parameter(JsonNode stack, String key) {
        for (JsonNode parameter : stack.path("Parameters")) {
            if (parameter.path("ParameterKey").asText().equals(key)) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + key);
    }

    private static Map<String, String> outputs(JsonNode stack) {
        Map<String, String> outputs = new LinkedHashMap<>();
        stack.path("Outputs").forEach(o -> outputs.put(o.path("OutputKey").asText(), o.path("OutputValue").asText()));
        return outputs;
    }

    /** Oldest first: "LogicalId STATUS reason". */
    private static List<String> events() throws Exception {
        List<String> lines = new ArrayList<>();
        for (JsonNode event : aws.run("cloudformation", "describe-stack-events", "--stack-name", "shop").json().path("StackEvents")) {
            lines.add(0, event.path("LogicalResourceId").asText() + " " + event.path("ResourceStatus").asText() + " "
                    + event.path("ResourceStatusReason").asText(""));
        }
        return lines;
    }

    /** The image each service's PRIMARY deployment runs. */
    private static List<String> images() {
        List<String> images = new ArrayList<>();
        try (var cfn = sim.clients().cloudFormation(); var ecs = sim.ecs()) {
            for (String logicalId : List.of("Ec2Service", "FargateService")) {
                String arn = cfn.describeStackResource(r -> r.stackName("shop").logicalResourceId(logicalId))
                        .stackResourceDetail().physicalResourceId();
                String taskDefinition = ecs.describeServices(r -> r.cluster(arn.split("/")[1]).services(arn)).services().get(0)
                        .taskDefinition();
                images.add(ecs.describeTaskDefinition(r -> r.taskDefinition(taskDefinition)).taskDefinition()
                        .containerDefinitions().get(0).image());
            }
        }
        return images;
    }
}
