package dev.berth.engine.history;

import dev.berth.engine.deploy.DeployOptions;
import dev.berth.engine.deploy.FakeAws;
import dev.berth.engine.deploy.OperationTokens;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetSummary;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.ListChangeSetsResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History from a CloudFormation whose events carry neither "User Initiated" nor ResourceProperties
 * (both optional in the API): operations from the stack's statuses, versions from the task
 * definitions' images, berth's change sets, the stack's parameter; incomplete when none tells.
 */
class HistoryFallbackTest {
    private static final String STACK = "arn:aws:cloudformation:us-east-1:123456789012:stack/web/1";
    private final List<StackEvent> newestFirst = new ArrayList<>();
    private final Map<String, String> images = new HashMap<>();
    private final FakeAws aws = new FakeAws();
    private int clock;

    private void event(String logicalId, String type, String physical, String status, String token) {
        newestFirst.add(0, StackEvent.builder().stackId(STACK).stackName("web").eventId("e" + clock)
                .timestamp(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(clock++)).logicalResourceId(logicalId)
                .resourceType(type).physicalResourceId(physical).resourceStatus(status).clientRequestToken(token).build());
    }

    /** One operation as a CloudFormation without the optional fields reports it. */
    private void operation(String kind, String taskDefinition, boolean fails, String token) {
        event("web", "AWS::CloudFormation::Stack", STACK, kind + "_IN_PROGRESS", token);
        if (taskDefinition != null) {
            event("TaskDefinition", "AWS::ECS::TaskDefinition", taskDefinition, kind + "_COMPLETE", token);
        }
        if (fails) {
            event("Service", "AWS::ECS::Service", "arn:svc", "UPDATE_FAILED", token);
            event("web", "AWS::CloudFormation::Stack", STACK, "UPDATE_ROLLBACK_IN_PROGRESS", token);
            event("web", "AWS::CloudFormation::Stack", STACK, "UPDATE_ROLLBACK_COMPLETE", token);
        } else {
            event("web", "AWS::CloudFormation::Stack", STACK, kind + "_COMPLETE", token);
        }
    }

    private HistoryReader reader(boolean withEcs, String parameter, Map<String, String> changeSets) {
        Map<String, Function<Object, Object>> cfn = new HashMap<>();
        cfn.put("describeStackEvents", r -> DescribeStackEventsResponse.builder().stackEvents(newestFirst).build());
        cfn.put("describeStacks", r -> DescribeStacksResponse.builder().stacks(Stack.builder().stackName("web")
                .parameters(Parameter.builder().parameterKey("Version").parameterValue(parameter).build()).build()).build());
        cfn.put("listChangeSets", r -> ListChangeSetsResponse.builder().summaries(changeSets.keySet().stream()
                .map(n -> ChangeSetSummary.builder().changeSetName(n).build()).toList()).build());
        cfn.put("describeChangeSet", r -> DescribeChangeSetResponse.builder().parameters(Parameter.builder()
                .parameterKey("Version").parameterValue(changeSets.get(((software.amazon.awssdk.services.cloudformation.model
                        .DescribeChangeSetRequest) r).changeSetName())).build()).build());
        CloudFormationClient client = aws.cloudFormation(cfn);
        Map<String, Function<Object, Object>> ecs = new HashMap<>();
        ecs.put("describeTaskDefinition", r -> DescribeTaskDefinitionResponse.builder().taskDefinition(t -> t
                .containerDefinitions(c -> c.image(images.get(((DescribeTaskDefinitionRequest) r).taskDefinition())))).build());
        EcsClient ecsClient = withEcs ? aws.ecs(ecs) : null;
        return new HistoryReader(client, ecsClient);
    }

    @Test
    void withoutUserInitiatedOrResourcePropertiesTheTaskDefinitionsImagesGiveTheVersions() {
        images.put("td:1", "repo/web:1");
        images.put("td:2", "repo/web:2");
        images.put("td:3", "repo/web:3-crash");
        String deploy2 = OperationTokens.create(DeployOptions.Verb.DEPLOY, "ci", null);
        operation("CREATE", "td:1", false, null);
        operation("UPDATE", "td:2", false, deploy2);
        operation("UPDATE", "td:3", true, OperationTokens.create(DeployOptions.Verb.DEPLOY, "ci", null));

        List<HistoryEntry> history = reader(true, "2", Map.of()).read("web");

        assertThat(history).extracting(e -> e.verb() + " " + e.version() + " " + e.operation().outcome())
                .containsExactly("deploy 3-crash ROLLED_BACK", "deploy 2 SUCCEEDED", "create 1 SUCCEEDED");
        assertThat(history).allSatisfy(e -> assertThat(e.found().from()).startsWith("the image of task definition"));
        assertThat(HistoryReader.incomplete(history)).isFalse();
        assertThat(RollbackTarget.choose("web", "2", Optional.of("1"), history)).isEqualTo("1");
    }

    @Test
    void withoutTaskDefinitionsBerthsChangeSetsAndTheStacksParameterGiveTheVersions() {
        String deploy2 = OperationTokens.create(DeployOptions.Verb.DEPLOY, "ci", null);
        String deploy3 = OperationTokens.create(DeployOptions.Verb.DEPLOY, "ci", null);
        operation("CREATE", "td:1", false, null);
        operation("UPDATE", "td:2", false, deploy2);
        operation("UPDATE", "td:3", false, deploy3);

        List<HistoryEntry> history = reader(false, "3", Map.of("berth-deploy-2-" + deploy2.substring(deploy2.length() - 8), "2"))
                .read("web");

        assertThat(history).extracting(HistoryEntry::version).containsExactly("3", "2", null);
        assertThat(history).extracting(e -> e.found().from())
                .containsExactly("the stack's parameter Version", "berth's change set", null);
        assertThat(HistoryReader.incomplete(history)).as("the create's version is found nowhere").isTrue();
    }
}
