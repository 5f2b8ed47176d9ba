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
 * The AWS CLI v2 reads the cluster stack's Auto Scaling group, suspends its alarm-driven scaling,
 * grows it, terminates one of its instances through the drain hook, and suspends and resumes processes; requests AWS refuses are refused with AWS's error code. Every
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

            // the cluster's reservation alarms would resize the idle group while this test resizes it: suspend them
            AwsCli.Result badName = aws.run("autoscaling", "suspend-processes", "--auto-scaling-group-name", "asg",
                    "--scaling-processes", "AlarmNotification", "Launching");
            assertThat(badName.exitCode()).isNotZero();
            assertThat(badName.stderr()).contains("ValidationError").contains("Launching");
            assertThat(describe(aws, "asg").path("SuspendedProcesses")).as("nothing changed").isEmpty();
            AwsCli.Result suspended = aws.run("autoscaling", "suspend-processes", "--auto-scaling-group-name", "asg",
                    "--scaling-processes", "AlarmNotification");
            assertThat(suspended.exitCode()).as(suspended.stderr()).isZero();
            JsonNode processes = describe(aws, "asg").path("SuspendedProcesses");
            assertThat(processes).hasSize(1);
            assertThat(processes.get(0).path("ProcessName").asText()).isEqualTo("AlarmNotification");
            assertThat(processes.get(0).path("SuspensionReason").asText()).startsWith("User suspended at ");
            // an alarm entering ALARM would run the scale-up policy; suspended, the group keeps its size
            String high = null;
            for (JsonNode alarm : aws.run("cloudwatch", "describe-alarms").json().path("MetricAlarms")) {
                if (alarm.path("AlarmDescription").asText().startsWith("CPU reservation") && alarm.path("AlarmDescription").asText()
                        .contains("add an instance")) {
                    high = alarm.path("AlarmName").asText();
                }
            }
            assertThat(high).as("the cluster's CPU reservation alarm").isNotNull();
            AwsCli.Result alarmed = aws.run("cloudwatch", "set-alarm-state", "--alarm-name", high, "--state-value", "ALARM",
                    "--state-reason", "test");
            assertThat(alarmed.exitCode()).as(alarmed.stderr()).isZero();
            assertThat(describe(aws, "asg").path("DesiredCapacity").asInt()).isEqualTo(2);

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

            // no names means every process, for suspend and for resume alike
            assertThat(aws.run("autoscaling", "suspend-processes", "--auto-scaling-group-name", "asg").exitCode()).isZero();
            assertThat(describe(aws, "asg").path("SuspendedProcesses")).hasSize(9);
            assertThat(aws.run("autoscaling", "resume-processes", "--auto-scaling-group-name", "asg",
                    "--scaling-processes", "Launch", "Terminate").exitCode()).isZero();
            assertThat(describe(aws, "asg").path("SuspendedProcesses")).hasSize(7)
                    .noneSatisfy(p -> assertThat(p.path("ProcessName").asText()).isIn("Launch", "Terminate"));
            assertThat(aws.run("autoscaling", "resume-processes", "--auto-scaling-group-name", "asg").exitCode()).isZero();
            assertThat(describe(aws, "asg").path("SuspendedProcesses")).isEmpty();
            AwsCli.Result noGroup = aws.run("autoscaling", "suspend-processes", "--auto-scaling-group-name", "nope");
            assertThat(noGroup.exitCode()).isNotZero();
            assertThat(noGroup.stderr()).contains("ValidationError").contains("nope");
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
