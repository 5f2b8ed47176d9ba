package dev.berth.sim.autoscaling;

import dev.berth.engine.aws.AwsClients;
import dev.berth.testing.MotoServer;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackWaits;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Auto Scaling calls against moto, an emulator written elsewhere, and against berth sim, on a
 * group made by the same template: the same reads, growth and termination give the same sizes,
 * instance fields and activity. (moto does not refuse a desired capacity above MaxSize, which AWS
 * and the simulator do; that is left out.)
 */
class AutoScalingMotoTest {
    private static final String TEMPLATE = """
            Resources:
              Config:
                Type: AWS::AutoScaling::LaunchConfiguration
                Properties:
                  ImageId: ami-0123456789abcdef0
                  InstanceType: t3.medium
              Group:
                Type: AWS::AutoScaling::AutoScalingGroup
                Properties:
                  AutoScalingGroupName: fleet
                  LaunchConfigurationName: !Ref Config
                  AvailabilityZones: [us-east-1a, us-east-1b]
                  MinSize: 1
                  MaxSize: 4
                  DesiredCapacity: 2
            """;

    record Seen(int min, int max, int desired, List<String> zones, int instances, List<String> states, List<String> health,
                boolean sameConfiguration, boolean protectedFromScaleIn, int desiredAfterGrowth, int instancesAfterGrowth,
                String cause, String description, int desiredAfterTermination, boolean unknownGroupIsEmpty,
                List<List<String>> suspendedAfterEachCall) {
    }

    @Test
    void motoAndTheSimulatorAgree() throws Exception {
        Seen moto;
        try (MotoServer server = MotoServer.start(); AwsClients clients = server.clients()) {
            moto = exercise(clients);
        }
        Seen sim;
        try (SimFixture fixture = SimFixture.start(60)) {
            sim = exercise(fixture.clients());
        }
        assertThat(sim).isEqualTo(moto);
    }

    private static Seen exercise(AwsClients clients) {
        try (CloudFormationClient cfn = clients.cloudFormation(); AutoScalingClient autoScaling = clients.autoScaling()) {
            cfn.createStack(r -> r.stackName("fleet").templateBody(TEMPLATE));
            assertThat(StackWaits.settled(cfn, "fleet").stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
            AutoScalingGroup group = group(autoScaling);
            List<Instance> instances = group.instances();
            autoScaling.setDesiredCapacity(r -> r.autoScalingGroupName("fleet").desiredCapacity(3));
            AutoScalingGroup grown = group(autoScaling);
            String old = instances.get(0).instanceId();
            Activity activity = autoScaling.terminateInstanceInAutoScalingGroup(r -> r.instanceId(old)
                    .shouldDecrementDesiredCapacity(true)).activity();
            boolean empty = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("none")).autoScalingGroups().isEmpty();
            int desiredAfterTermination = group(autoScaling).desiredCapacity();
            List<List<String>> suspended = new java.util.ArrayList<>();
            autoScaling.suspendProcesses(r -> r.autoScalingGroupName("fleet").scalingProcesses("AlarmNotification", "AZRebalance"));
            suspended.add(suspended(autoScaling));
            autoScaling.suspendProcesses(r -> r.autoScalingGroupName("fleet").scalingProcesses("AlarmNotification"));
            suspended.add(suspended(autoScaling));
            autoScaling.resumeProcesses(r -> r.autoScalingGroupName("fleet").scalingProcesses("AZRebalance", "Launch"));
            suspended.add(suspended(autoScaling));
            autoScaling.suspendProcesses(r -> r.autoScalingGroupName("fleet"));
            suspended.add(suspended(autoScaling));
            autoScaling.resumeProcesses(r -> r.autoScalingGroupName("fleet"));
            suspended.add(suspended(autoScaling));
            return new Seen(group.minSize(), group.maxSize(), group.desiredCapacity(), group.availabilityZones().stream().sorted().toList(),
                    instances.size(), instances.stream().map(Instance::lifecycleStateAsString).toList(),
                    instances.stream().map(Instance::healthStatus).toList(),
                    instances.stream().allMatch(i -> group.launchConfigurationName().equals(i.launchConfigurationName())),
                    instances.stream().anyMatch(Instance::protectedFromScaleIn), grown.desiredCapacity(), grown.instances().size(),
                    activity.cause().replace(old, "ID").replaceAll("^At [^,]+,", "At T,"),
                    activity.description().replace(old, "ID"), desiredAfterTermination, empty, suspended);
        }
    }

    private static AutoScalingGroup group(AutoScalingClient autoScaling) {
        return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("fleet")).autoScalingGroups().get(0);
    }

    private static List<String> suspended(AutoScalingClient autoScaling) {
        return group(autoScaling).suspendedProcesses().stream().map(p -> p.processName()).sorted().toList();
    }
}
