package dev.berth.sim.cloudformation;

import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.ResourceSignalStatus;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CreationPolicy through the real SDK: resources wait for their signals, fail on timeout or FAILURE, and the stack rolls back. */
class CreationPolicyTest {
    private static final String WAIT = """
            Resources:
              Ready:
                Type: AWS::CloudFormation::WaitCondition
                CreationPolicy:
                  ResourceSignal: {Count: 2, Timeout: PT2M}
              After:
                Type: AWS::SNS::Topic
                DependsOn: Ready
            """;

    private static final String GROUP = """
            Parameters:
              Instances: {Type: Number, Default: 2}
              Script: {Type: String}
            Resources:
              LaunchTemplate:
                Type: AWS::EC2::LaunchTemplate
                Properties:
                  LaunchTemplateData:
                    ImageId: ami-0123456789abcdef0
                    InstanceType: t3.medium
                    UserData:
                      Fn::Base64: !Sub |
                        #!/bin/bash -xe
                        ${Script}
              Group:
                Type: AWS::AutoScaling::AutoScalingGroup
                CreationPolicy:
                  ResourceSignal: {Count: !Ref Instances, Timeout: PT3M}
                Properties:
                  MinSize: '1'
                  MaxSize: '4'
                  DesiredCapacity: !Ref Instances
                  LaunchTemplate:
                    LaunchTemplateId: !Ref LaunchTemplate
                    Version: !GetAtt LaunchTemplate.LatestVersionNumber
            """;

    private static SimFixture sim;
    private static CloudFormationClient cfn;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(50);
        cfn = sim.clients().cloudFormation();
    }

    @AfterAll
    static void stop() {
        cfn.close();
        sim.close();
    }

    @Test
    void aResourceStaysInProgressUntilItHasItsSignals() {
        cfn.createStack(r -> r.stackName("signalled").templateBody(WAIT));
        sleepSim(Duration.ofSeconds(30));
        assertThat(status("signalled")).isEqualTo("CREATE_IN_PROGRESS");
        assertThat(resourceStatus("signalled", "Ready")).isEqualTo("CREATE_IN_PROGRESS");
        assertThat(cfn.describeStackResources(r -> r.stackName("signalled")).stackResources())
                .noneMatch(resource -> resource.logicalResourceId().equals("After"));

        signal("signalled", "Ready", "first", ResourceSignalStatus.SUCCESS);
        signal("signalled", "Ready", "first", ResourceSignalStatus.SUCCESS); // the same id counts once
        sleepSim(Duration.ofSeconds(5));
        assertThat(resourceStatus("signalled", "Ready")).isEqualTo("CREATE_IN_PROGRESS");
        signal("signalled", "Ready", "second", ResourceSignalStatus.SUCCESS);

        assertThat(waitFor("signalled")).isEqualTo("CREATE_COMPLETE");
        assertThat(events("signalled")).containsSubsequence(
                "Ready CREATE_IN_PROGRESS Resource creation Initiated",
                "Ready CREATE_IN_PROGRESS Received SUCCESS signal with UniqueId first",
                "Ready CREATE_IN_PROGRESS Received SUCCESS signal with UniqueId second",
                "Ready CREATE_COMPLETE null",
                "After CREATE_IN_PROGRESS null");
        assertThat(events("signalled")).filteredOn(e -> e.contains("UniqueId first")).hasSize(1);
    }

    @Test
    void noSignalWithinTheTimeoutFailsTheResourceAndRollsTheStackBack() {
        cfn.createStack(r -> r.stackName("silent").templateBody(WAIT));
        signal("silent", "Ready", "only-one", ResourceSignalStatus.SUCCESS);
        assertThat(waitFor("silent")).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(events("silent")).contains(
                "Ready CREATE_FAILED Failed to receive 2 resource signal(s) within the specified duration",
                "silent ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [Ready]. Rollback requested by user.",
                "Ready DELETE_COMPLETE null");
    }

    @Test
    void aFailureSignalFailsTheResourceAtOnce() {
        cfn.createStack(r -> r.stackName("refused").templateBody(WAIT));
        signal("refused", "Ready", "i-0abc", ResourceSignalStatus.FAILURE);
        sleepSim(Duration.ofSeconds(5)); // well inside the two-minute timeout
        assertThat(status("refused")).isIn("ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE");
        assertThat(waitFor("refused")).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(events("refused")).contains("Ready CREATE_IN_PROGRESS Received FAILURE signal with UniqueId i-0abc",
                "Ready CREATE_FAILED Received FAILURE signal with UniqueId i-0abc");
    }

    @Test
    void signalsOutsideAWaitAreRefusedAsCloudFormationRefusesThem() {
        cfn.createStack(r -> r.stackName("early").templateBody(WAIT));
        assertThatThrownBy(() -> signal("early", "After", "x", ResourceSignalStatus.SUCCESS))
                .isInstanceOf(CloudFormationException.class).hasMessageStartingWith("Resource After does not exist for stack early");
        assertThatThrownBy(() -> signal("nowhere", "Ready", "x", ResourceSignalStatus.SUCCESS))
                .hasMessageStartingWith("Stack with id nowhere does not exist");
        assertThatThrownBy(() -> cfn.signalResource(r -> r.stackName("early").logicalResourceId("Ready").uniqueId("x").status("MAYBE")))
                .hasMessageContaining("Member must satisfy enum value set: [SUCCESS, FAILURE]");
        signal("early", "Ready", "a", ResourceSignalStatus.SUCCESS);
        signal("early", "Ready", "b", ResourceSignalStatus.SUCCESS);
        assertThat(waitFor("early")).isEqualTo("CREATE_COMPLETE");
        assertThatThrownBy(() -> signal("early", "Ready", "c", ResourceSignalStatus.SUCCESS))
                .hasMessageMatching("Stack arn:aws:cloudformation:[^ ]+:stack/early/[^ ]+ is in CREATE_COMPLETE state and cannot be signaled.*");
    }

    @Test
    void anAutoScalingGroupsInstancesSignalWhenTheirUserDataRunsCfnSignal() {
        cfn.createStack(r -> r.stackName("fleet").templateBody(GROUP).parameters(
                p -> p.parameterKey("Script").parameterValue(
                        "/opt/aws/bin/cfn-signal -e $? --region ${AWS::Region} --stack ${AWS::StackName} --resource Group")));
        sleepSim(Duration.ofSeconds(15));
        assertThat(resourceStatus("fleet", "Group")).as("instances still booting").isEqualTo("CREATE_IN_PROGRESS");
        assertThat(waitFor("fleet")).isEqualTo("CREATE_COMPLETE");
        List<String> received = events("fleet").stream().filter(e -> e.startsWith("Group CREATE_IN_PROGRESS Received SUCCESS")).toList();
        assertThat(received).hasSize(2).allMatch(e -> e.matches("Group CREATE_IN_PROGRESS Received SUCCESS signal with UniqueId i-[0-9a-f]{17}"));
        // the instances signal as they boot: the group takes one boot, not a boot and then a second wait for signals
        List<StackEvent> group = cfn.describeStackEventsPaginator(r -> r.stackName("fleet")).stackEvents().stream()
                .filter(e -> e.logicalResourceId().equals("Group")).toList();
        java.time.Instant started = group.stream().filter(e -> e.resourceStatusReason() == null
                && e.resourceStatusAsString().equals("CREATE_IN_PROGRESS")).findFirst().orElseThrow().timestamp();
        java.time.Instant completed = group.stream().filter(e -> e.resourceStatusAsString().equals("CREATE_COMPLETE"))
                .findFirst().orElseThrow().timestamp();
        assertThat(Duration.between(started, completed))
                .isGreaterThanOrEqualTo(dev.berth.sim.autoscaling.AutoScalingBackend.BOOT)
                .isLessThan(dev.berth.sim.autoscaling.AutoScalingBackend.BOOT.plusSeconds(15));
    }

    @Test
    void anAutoScalingGroupWhoseInstancesNeverSignalFailsWithItsPercentRequirement() {
        cfn.createStack(r -> r.stackName("mute").templateBody(GROUP).parameters(
                p -> p.parameterKey("Script").parameterValue("echo ECS_CLUSTER=mute >> /etc/ecs/ecs.config")));
        assertThat(waitFor("mute")).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(events("mute")).contains("Group CREATE_FAILED Received 0 SUCCESS signal(s) out of 2. "
                + "Unable to satisfy 100% MinSuccessfulInstancesPercent requirement");
    }

    private static void signal(String stack, String logicalId, String uniqueId, ResourceSignalStatus status) {
        cfn.signalResource(r -> r.stackName(stack).logicalResourceId(logicalId).uniqueId(uniqueId).status(status));
    }

    private static String status(String stack) {
        return cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatusAsString();
    }

    private static String resourceStatus(String stack, String logicalId) {
        return cfn.describeStackResource(r -> r.stackName(stack).logicalResourceId(logicalId))
                .stackResourceDetail().resourceStatusAsString();
    }

    /** Oldest first: "LogicalId STATUS reason". */
    private static List<String> events(String stack) {
        List<String> lines = new ArrayList<>();
        for (StackEvent event : cfn.describeStackEventsPaginator(r -> r.stackName(stack)).stackEvents()) {
            lines.add(0, event.logicalResourceId() + " " + event.resourceStatusAsString() + " " + event.resourceStatusReason());
        }
        return lines;
    }

    private static String waitFor(String stack) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String status = status(stack);
            if (!status.endsWith("_IN_PROGRESS")) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stack " + stack + " still " + status);
            }
            sleep(50);
        }
    }

    /** Lets {@code simulated} time pass at the fixture's speed. */
    private static void sleepSim(Duration simulated) {
        sleep(simulated.toMillis() / 50);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
