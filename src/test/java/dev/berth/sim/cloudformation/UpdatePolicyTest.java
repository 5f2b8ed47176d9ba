package dev.berth.sim.cloudformation;

import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An Auto Scaling group's UpdatePolicy through the real SDK: rolling updates in batches on signals, and replacing updates. */
class UpdatePolicyTest {
    private static final String SIGNALS = "/opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource Group --region ${AWS::Region}";

    private static final String TEMPLATE = """
            Parameters:
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
                  ResourceSignal: {Count: 2, Timeout: PT5M}
                UpdatePolicy:
                  %s
                Properties:
                  MinSize: '1'
                  MaxSize: '4'
                  DesiredCapacity: '2'
                  LaunchTemplate:
                    LaunchTemplateId: !Ref LaunchTemplate
                    Version: !GetAtt LaunchTemplate.LatestVersionNumber
            """;
    private static final String ROLLING = "AutoScalingRollingUpdate: {MinInstancesInService: 2, MaxBatchSize: 1, "
            + "WaitOnResourceSignals: true, PauseTime: PT2M}";

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
    void aNewLaunchTemplateVersionRollsTheInstancesOneAtATimeOnTheirSignals() {
        create("rolling", ROLLING, SIGNALS);
        update("rolling", SIGNALS + " # v2");
        assertThat(waitFor("rolling")).isEqualTo("UPDATE_COMPLETE");
        List<String> group = events("rolling").stream().filter(e -> e.startsWith("Group UPDATE")).toList();
        assertThat(group.get(0)).isEqualTo("Group UPDATE_IN_PROGRESS null");
        assertThat(group.get(1)).isEqualTo("Group UPDATE_IN_PROGRESS Rolling update initiated. Terminating 2 obsolete instance(s) "
                + "in batches of 1, while keeping at least 2 instance(s) in service. Waiting on resource signals with a timeout of PT2M "
                + "when new instances are added to the autoscaling group.");
        assertThat(group.get(2)).isEqualTo("Group UPDATE_IN_PROGRESS Temporarily setting autoscaling group MinSize and DesiredCapacity to 3.");
        assertThat(group.subList(3, group.size())).map(e -> e.replaceAll("i-[0-9a-f]{17}", "i-X")).containsExactly(
                "Group UPDATE_IN_PROGRESS New instance(s) added to autoscaling group - Waiting on 1 resource signal(s) with a timeout of PT2M.",
                "Group UPDATE_IN_PROGRESS Received SUCCESS signal with UniqueId i-X",
                "Group UPDATE_IN_PROGRESS Terminating instance(s) [i-X]; replacing with 1 new instance(s).",
                "Group UPDATE_IN_PROGRESS Successfully terminated instance(s) [i-X] (Progress 50%).",
                "Group UPDATE_IN_PROGRESS New instance(s) added to autoscaling group - Waiting on 1 resource signal(s) with a timeout of PT2M.",
                "Group UPDATE_IN_PROGRESS Received SUCCESS signal with UniqueId i-X",
                "Group UPDATE_IN_PROGRESS Terminating instance(s) [i-X]; replacing with 0 new instance(s).",
                "Group UPDATE_IN_PROGRESS Successfully terminated instance(s) [i-X] (Progress 100%).",
                "Group UPDATE_COMPLETE null");
        // the instances the create launched are the ones the update terminated
        List<String> created = ids(events("rolling"), "Group CREATE_IN_PROGRESS Received SUCCESS");
        List<String> terminated = ids(group, "Group UPDATE_IN_PROGRESS Terminating");
        assertThat(terminated).containsExactlyInAnyOrderElementsOf(created);
        // the group now runs exactly the instances that signalled during the update, launched by the group itself
        String name = cfn.describeStackResource(r -> r.stackName("rolling").logicalResourceId("Group")).stackResourceDetail()
                .physicalResourceId();
        List<String> replacements = ids(group, "Group UPDATE_IN_PROGRESS Received SUCCESS");
        assertThat(sim.server().autoScaling().liveInstances("us-east-1", name))
                .containsExactlyInAnyOrderElementsOf(replacements).doesNotContainAnyElementsOf(created);
    }

    @Test
    void aBatchWhoseInstanceNeverSignalsFailsTheUpdateAndTheStackRollsBack() {
        create("stalled", ROLLING, SIGNALS);
        update("stalled", "echo this version never signals");
        assertThat(waitFor("stalled")).as(String.join("\n", events("stalled"))).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(events("stalled")).containsSubsequence(
                "Group UPDATE_IN_PROGRESS Failed to receive 1 resource signal(s) for the current batch.  "
                        + "Each resource signal timeout is counted as a FAILURE.",
                "Group UPDATE_FAILED Received 0 SUCCESS signal(s) out of 1. Unable to satisfy 100% MinSuccessfulInstancesPercent requirement",
                "stalled UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to update: [Group]. ");
    }

    @Test
    void aReplacingUpdateMakesANewGroupThatWaitsForItsOwnSignals() {
        create("replaced", "AutoScalingReplacingUpdate: {WillReplace: true}", SIGNALS);
        String before = cfn.describeStackResource(r -> r.stackName("replaced").logicalResourceId("Group")).stackResourceDetail()
                .physicalResourceId();
        update("replaced", SIGNALS + " # v2");
        assertThat(waitFor("replaced")).isEqualTo("UPDATE_COMPLETE");
        String after = cfn.describeStackResource(r -> r.stackName("replaced").logicalResourceId("Group")).stackResourceDetail()
                .physicalResourceId();
        assertThat(after).isNotEqualTo(before);
        assertThat(events("replaced")).map(e -> e.replaceAll("i-[0-9a-f]{17}", "i-X")).containsSubsequence(
                "Group UPDATE_IN_PROGRESS Requested update requires the creation of a new physical resource; hence creating one.",
                "Group UPDATE_IN_PROGRESS Resource creation Initiated",
                "Group UPDATE_IN_PROGRESS Received SUCCESS signal with UniqueId i-X",
                "Group UPDATE_IN_PROGRESS Received SUCCESS signal with UniqueId i-X",
                "Group UPDATE_COMPLETE null",
                "Group DELETE_COMPLETE null");
    }

    private static void create(String stack, String updatePolicy, String script) {
        cfn.createStack(r -> r.stackName(stack).templateBody(TEMPLATE.formatted(updatePolicy))
                .parameters(Parameter.builder().parameterKey("Script").parameterValue(script).build()));
        assertThat(waitFor(stack)).isEqualTo("CREATE_COMPLETE");
    }

    private static void update(String stack, String script) {
        cfn.updateStack(r -> r.stackName(stack).usePreviousTemplate(true)
                .parameters(Parameter.builder().parameterKey("Script").parameterValue(script).build()));
    }

    private static List<String> ids(List<String> events, String prefix) {
        List<String> ids = new ArrayList<>();
        events.stream().filter(e -> e.startsWith(prefix)).forEach(e -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("i-[0-9a-f]{17}").matcher(e);
            while (m.find()) {
                ids.add(m.group());
            }
        });
        return ids;
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
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            String status = cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatusAsString();
            if (!status.endsWith("_IN_PROGRESS")) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stack " + stack + " still " + status);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
