package dev.berth.sim.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.AwsCli;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS CLI v2 reads the cluster stack's Auto Scaling group, grows it, and terminates one of its
 * instances through the drain hook; requests AWS refuses are refused with AWS's error code. Every
 * answer is checked against AWS's model when the fixture closes.
 */
class AutoScalingCliTest {
    @Test
    void theAwsCliReadsGrowsAndShrinksTheClusterGroup() throws Exception {
        try (SimFixture sim = SimFixture.start(60)) {
            CliRun deployed = CliRun.against(sim, "cluster", "deploy", "--stack", "asg");
            assertThat(deployed.exitCode()).as(deployed.stderr()).isZero();
            AwsCli aws = new AwsCli(sim.endpoint());

            JsonNode group = describe(aws, "asg");
            assertThat(group.path("MinSize").asInt()).isEqualTo(1);
            assertThat(group.path("MaxSize").asInt()).isEqualTo(4);
            assertThat(group.path("DesiredCapacity").asInt()).isEqualTo(2);
            assertThat(group.path("LaunchTemplate").path("LaunchTemplateId").asText()).startsWith("lt-0");
            assertThat(group.path("Instances")).hasSize(2).allSatisfy(i -> {
                assertThat(i.path("LifecycleState").asText()).isEqualTo("InService");
                assertThat(i.path("HealthStatus").asText()).isEqualTo("Healthy");
                assertThat(i.path("InstanceId").asText()).matches("i-0[0-9a-f]{16}");
                assertThat(i.path("LaunchTemplate").path("Version").asText()).isEqualTo("1");
                assertThat(i.path("ProtectedFromScaleIn").asBoolean(true)).isFalse();
            });
            try (var sdk = sim.clients().autoScaling()) { // the SDK parses the same answer into its model
                var read = sdk.describeAutoScalingGroups(r -> r.autoScalingGroupNames("asg")).autoScalingGroups().get(0);
                assertThat(read.instances()).hasSize(2).allSatisfy(i -> assertThat(i.lifecycleState())
                        .isEqualTo(software.amazon.awssdk.services.autoscaling.model.LifecycleState.IN_SERVICE));
                assertThat(read.createdTime()).isNotNull();
            }
            assertThat(aws.run("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "nope")
                    .json().path("AutoScalingGroups")).isEmpty();

            AwsCli.Result tooMany = aws.run("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "asg",
                    "--desired-capacity", "5");
            assertThat(tooMany.exitCode()).isNotZero();
            assertThat(tooMany.stderr()).contains("ValidationError").contains("max value 4");
            assertThat(describe(aws, "asg").path("DesiredCapacity").asInt()).isEqualTo(2);
            AwsCli.Result grown = aws.run("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "asg",
                    "--desired-capacity", "3");
            assertThat(grown.exitCode()).as(grown.stderr()).isZero();
            group = describe(aws, "asg");
            assertThat(group.path("DesiredCapacity").asInt()).isEqualTo(3);
            // at sim speed the new instance may have booted by the next CLI call; the SDK looks at once
            assertThat(states(group)).hasSize(3).allSatisfy(state -> assertThat(state).isIn("Pending", "InService"));
            try (var sdk = sim.clients().autoScaling()) {
                sdk.setDesiredCapacity(r -> r.autoScalingGroupName("asg").desiredCapacity(4));
                assertThat(sdk.describeAutoScalingGroups(r -> r.autoScalingGroupNames("asg")).autoScalingGroups().get(0).instances())
                        .hasSize(4).anySatisfy(i -> assertThat(i.lifecycleStateAsString()).isEqualTo("Pending"));
                sdk.setDesiredCapacity(r -> r.autoScalingGroupName("asg").desiredCapacity(3));
            }
            group = describe(aws, "asg");

            String old = group.path("Instances").get(0).path("InstanceId").asText();
            AwsCli.Result terminated = aws.run("autoscaling", "terminate-instance-in-auto-scaling-group", "--instance-id", old,
                    "--should-decrement-desired-capacity");
            assertThat(terminated.exitCode()).as(terminated.stderr()).isZero();
            assertThat(terminated.json().path("Activity").path("StatusCode").asText()).isEqualTo("InProgress");
            assertThat(terminated.json().path("Activity").path("Cause").asText()).contains("from 3 to 2");
            // a retried termination whose first attempt went through is refused by AWS; berth's roll takes it as done
            try (var cfn = sim.clients().cloudFormation(); var sdk = sim.clients().autoScaling(); var ecs = sim.ecs()) {
                new dev.berth.engine.roll.AwsRollCalls(cfn, sdk, ecs).terminate(old, true);
            }
            // at sim speed the empty instance may finish draining before the next call: listed as terminating, or gone
            JsonNode details = aws.run("autoscaling", "describe-auto-scaling-instances").json().path("AutoScalingInstances");
            assertThat(details).allSatisfy(i -> assertThat(i.path("AutoScalingGroupName").asText()).isEqualTo("asg"));
            details.forEach(i -> {
                if (i.path("InstanceId").asText().equals(old)) {
                    assertThat(i.path("LifecycleState").asText()).isIn("Terminating:Wait", "Terminating");
                }
            });
            assertThat(details.size()).isBetween(2, 3);
            assertThat(describe(aws, "asg").path("DesiredCapacity").asInt()).isEqualTo(2);

            AwsCli.Result unknown = aws.run("autoscaling", "terminate-instance-in-auto-scaling-group", "--instance-id",
                    "i-0123456789abcdef0", "--no-should-decrement-desired-capacity");
            assertThat(unknown.exitCode()).isNotZero();
            assertThat(unknown.stderr()).contains("ValidationError").contains("i-0123456789abcdef0");
        }
    }

    private static JsonNode describe(AwsCli aws, String name) throws Exception {
        AwsCli.Result result = aws.run("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", name);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.json().path("AutoScalingGroups").get(0);
    }

    private static List<String> states(JsonNode group) {
        List<String> states = new ArrayList<>();
        group.path("Instances").forEach(i -> states.add(i.path("LifecycleState").asText()));
        return states;
    }
}
