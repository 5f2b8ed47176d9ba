package dev.berth.sim.cloudformation;

import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AWS::CloudFormation::Stack in the simulator through the real SDK: child stacks made from templates in
 * the simulator's S3, created, updated, rolled back and deleted with their parent, their outputs
 * reaching the parent through Fn::GetAtt.
 */
class NestedStacksTest {
    private static final String TOPIC_CHILD = """
            Parameters:
              Name:
                Type: String
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  DisplayName: !Ref Name
            Outputs:
              Greeting:
                Value: !Sub 'hello ${Name}'
            """;
    private static final String SERVICE_CHILD = """
            Parameters:
              Cluster:
                Type: String
            Resources:
              TaskDefinition:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  Family: nested-web
                  ContainerDefinitions:
                    - Name: web
                      Image: repo/web:1
                      Memory: 128
                      Essential: true
              Service:
                Type: AWS::ECS::Service
                Properties:
                  Cluster: !Ref Cluster
                  TaskDefinition: !Ref TaskDefinition
                  DesiredCount: 1
            Outputs:
              ServiceArn:
                Value: !Ref Service
            """;
    private static final String PARENT = """
            Parameters:
              Name:
                Type: String
                Default: world
              Cluster:
                Type: String
                Default: nested-apps
            Resources:
              Greeter:
                Type: AWS::CloudFormation::Stack
                Properties:
                  TemplateURL: https://s3.amazonaws.com/nested-templates/topic.yaml
                  Parameters:
                    Name: !Ref Name
                  TimeoutInMinutes: 15
              Web:
                Type: AWS::CloudFormation::Stack
                Properties:
                  TemplateURL: https://nested-templates.s3.us-east-1.amazonaws.com/service.yaml
                  Parameters:
                    Cluster: !Ref Cluster
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Join ['-', [!Select [1, !Split [' ', !GetAtt Greeter.Outputs.Greeting]], queue]]
            Outputs:
              Greeting:
                Value: !GetAtt Greeter.Outputs.Greeting
              ServiceArn:
                Value: !GetAtt Web.Outputs.ServiceArn
            """;

    private static final String UNSTABLE_CHILD = """
            Parameters:
              Image:
                Type: String
            Resources:
              TaskDefinition:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  Family: nested-unstable
                  ContainerDefinitions:
                    - Name: web
                      Image: !Ref Image
                      Memory: 128
                      Essential: true
              Service:
                Type: AWS::ECS::Service
                Properties:
                  Cluster: nested-apps
                  TaskDefinition: !Ref TaskDefinition
                  DesiredCount: 1
                  DeploymentConfiguration:
                    MaximumPercent: 200
                    MinimumHealthyPercent: 100
            """;
    private static final String UNSTABLE_PARENT = """
            Parameters:
              Version:
                Type: String
            Resources:
              App:
                Type: AWS::CloudFormation::Stack
                Properties:
                  TemplateURL: https://nested-templates.s3.amazonaws.com/unstable.yaml
                  Parameters:
                    Image: !Sub 'repo/web:${Version}'
            """;

    private static SimFixture sim;
    private static CloudFormationClient cfn;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(50);
        cfn = sim.clients().cloudFormation();
        sim.ecs().createCluster(r -> r.clusterName("nested-apps"));
        Instant now = Instant.now();
        sim.server().s3().createBucket("nested-templates", "us-east-1", now);
        put("topic.yaml", TOPIC_CHILD);
        put("service.yaml", SERVICE_CHILD);
        put("unstable.yaml", UNSTABLE_CHILD);
    }

    private static void put(String key, String text) {
        sim.server().s3().put("nested-templates", key, text.getBytes(StandardCharsets.UTF_8), "text/yaml", Map.of(), Instant.now());
    }

    @AfterAll
    static void stop() {
        cfn.close();
        sim.close();
    }

    private static Stack waitFor(String stack) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Stack current = cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0);
            String status = current.stackStatusAsString();
            if (!status.endsWith("_IN_PROGRESS")) {
                return current;
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

    private static String child(String parent, String logicalId) {
        return cfn.describeStackResource(r -> r.stackName(parent).logicalResourceId(logicalId)).stackResourceDetail()
                .physicalResourceId();
    }

    private static List<String> events(String stack) {
        List<StackEvent> events = new ArrayList<>(cfn.describeStackEvents(r -> r.stackName(stack)).stackEvents());
        java.util.Collections.reverse(events);
        return events.stream().map(e -> e.logicalResourceId() + " " + e.resourceStatusAsString()
                + (e.resourceStatusReason() == null ? "" : " " + e.resourceStatusReason())).toList();
    }

    private static String parameter(Stack stack, String key) {
        return stack.parameters().stream().filter(p -> p.parameterKey().equals(key)).findFirst().orElseThrow().parameterValue();
    }

    @Test
    void childStacksAreCreatedUpdatedAndDeletedWithTheirParentAndPassOutputsUp() {
        String parentId = cfn.createStack(r -> r.stackName("family").templateBody(PARENT)).stackId();
        Stack parent = waitFor("family");
        assertThat(parent.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(parent.outputs()).anySatisfy(o -> assertThat(o.outputValue()).isEqualTo("hello world"));
        String greeter = child("family", "Greeter");
        assertThat(greeter).matches("arn:aws:cloudformation:us-east-1:000000000000:stack/family-Greeter-[A-Z0-9]{13}/[-0-9a-f]{36}");
        Stack child = cfn.describeStacks(r -> r.stackName(greeter)).stacks().get(0);
        assertThat(child.parentId()).isEqualTo(parentId);
        assertThat(child.rootId()).isEqualTo(parentId);
        assertThat(child.timeoutInMinutes()).isEqualTo(15);
        assertThat(parameter(child, "Name")).isEqualTo("world");
        assertThat(cfn.describeStacks().stacks()).extracting(Stack::stackId).contains(parentId, greeter, child("family", "Web"));
        assertThat(events(greeter)).first().asString().matches("family-Greeter-[A-Z0-9]{13} CREATE_IN_PROGRESS User Initiated");
        assertThat(events("family")).contains("Greeter CREATE_IN_PROGRESS", "Greeter CREATE_COMPLETE");
        String serviceArn = parent.outputs().stream().filter(o -> o.outputKey().equals("ServiceArn")).findFirst().orElseThrow()
                .outputValue();
        assertThat(serviceArn).startsWith("arn:aws:ecs:us-east-1:000000000000:service/nested-apps/");

        cfn.updateStack(r -> r.stackName("family").usePreviousTemplate(true).parameters(
                Parameter.builder().parameterKey("Name").parameterValue("mars").build(),
                Parameter.builder().parameterKey("Cluster").usePreviousValue(true).build()));
        assertThat(waitFor("family").stackStatusAsString()).isEqualTo("UPDATE_COMPLETE");
        assertThat(waitFor("family").outputs()).anySatisfy(o -> assertThat(o.outputValue()).isEqualTo("hello mars"));
        assertThat(child("family", "Greeter")).as("updated in place").isEqualTo(greeter);
        Stack updatedChild = cfn.describeStacks(r -> r.stackName(greeter)).stacks().get(0);
        assertThat(updatedChild.stackStatusAsString()).isEqualTo("UPDATE_COMPLETE");
        assertThat(parameter(updatedChild, "Name")).isEqualTo("mars");
        assertThat(events("family")).contains("Greeter UPDATE_IN_PROGRESS", "Greeter UPDATE_COMPLETE")
                .noneMatch(e -> e.startsWith("Web UPDATE"));

        cfn.deleteStack(r -> r.stackName("family"));
        assertThat(waitFor(parentId).stackStatusAsString()).isEqualTo("DELETE_COMPLETE");
        assertThat(waitFor(greeter).stackStatusAsString()).isEqualTo("DELETE_COMPLETE");
        assertThat(sim.ecs().describeServices(r -> r.cluster("nested-apps").services(serviceArn)).services().get(0).status())
                .isEqualTo("INACTIVE");
    }

    @Test
    void aFailingChildFailsItsParentAndBothRollBack() {
        String parentId = cfn.createStack(r -> r.stackName("broken").templateBody(PARENT)
                .parameters(Parameter.builder().parameterKey("Cluster").parameterValue("no-such-cluster").build())).stackId();
        Stack parent = waitFor("broken");
        assertThat(parent.stackStatusAsString()).isEqualTo("ROLLBACK_COMPLETE");
        List<String> events = events(parentId);
        assertThat(events).anySatisfy(e -> assertThat(e).matches("Web CREATE_FAILED Embedded stack arn:aws:cloudformation:"
                + "us-east-1:000000000000:stack/broken-Web-[A-Z0-9]{13}/[-0-9a-f]{36} was not successfully created: "
                + "The following resource\\(s\\) failed to create: \\[Service]\\."));
        assertThat(events).contains("Web DELETE_COMPLETE", "Greeter DELETE_COMPLETE");
        String web = cfn.describeStackEvents(r -> r.stackName(parentId)).stackEvents().stream()
                .filter(e -> e.logicalResourceId().equals("Web") && e.resourceStatusAsString().equals("CREATE_FAILED"))
                .findFirst().orElseThrow().physicalResourceId();
        assertThat(events(web)).contains("Service DELETE_COMPLETE")
                .anySatisfy(e -> assertThat(e).startsWith("Service CREATE_FAILED"))
                .anySatisfy(e -> assertThat(e).endsWith("ROLLBACK_COMPLETE"))
                .last().asString().endsWith("DELETE_COMPLETE");
    }

    @Test
    void aChildThatFailsToUpdateRollsBackWithItsParentAndItsSiblingIsTakenBackToo() {
        cfn.createStack(r -> r.stackName("siblings").templateBody(PARENT));
        assertThat(waitFor("siblings").stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        String greeter = child("siblings", "Greeter");
        String web = child("siblings", "Web");

        cfn.updateStack(r -> r.stackName("siblings").usePreviousTemplate(true).parameters(
                Parameter.builder().parameterKey("Name").parameterValue("venus").build(),
                Parameter.builder().parameterKey("Cluster").parameterValue("no-such-cluster").build()));
        Stack parent = waitFor("siblings");
        assertThat(parent.stackStatusAsString()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(parent.outputs()).anySatisfy(o -> assertThat(o.outputValue()).isEqualTo("hello world"));
        assertThat(events("siblings")).anySatisfy(e -> assertThat(e).startsWith("Web UPDATE_FAILED Embedded stack " + web
                + " was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: "
                + "The following resource(s) failed to update: [Service]."));
        Stack webChild = waitFor(web);
        assertThat(webChild.stackStatusAsString()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(parameter(webChild, "Cluster")).isEqualTo("nested-apps");
        Stack greeterChild = waitFor(greeter);
        assertThat(greeterChild.stackStatusAsString()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(parameter(greeterChild, "Name")).as("the sibling that had updated is taken back").isEqualTo("world");
        assertThat(greeterChild.outputs()).singleElement().satisfies(o -> assertThat(o.outputValue()).isEqualTo("hello world"));
    }

    @Test
    void anUnknownOutputOrAMissingTemplateIsRefusedAsCloudFormationRefusesIt() {
        String badOutput = PARENT.replace("!Split [' ', !GetAtt Greeter.Outputs.Greeting]", "!Split [' ', !GetAtt Greeter.Outputs.Farewell]");
        cfn.createStack(r -> r.stackName("unknown-output").templateBody(badOutput));
        assertThat(waitFor("unknown-output").stackStatusAsString()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(events("unknown-output")).anySatisfy(e -> assertThat(e).startsWith(
                "Queue CREATE_FAILED Template error: resource Greeter does not support attribute type Outputs.Farewell in Fn::GetAtt"));

        String missing = PARENT.replace("nested-templates/topic.yaml", "nested-templates/nowhere.yaml");
        cfn.createStack(r -> r.stackName("missing-template").templateBody(missing));
        assertThat(waitFor("missing-template").stackStatusAsString()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(events("missing-template")).anySatisfy(e -> assertThat(e).startsWith("Greeter CREATE_FAILED S3 error:"));

        String elsewhere = PARENT.replace("https://s3.amazonaws.com/nested-templates/topic.yaml", "https://example.com/topic.yaml");
        cfn.createStack(r -> r.stackName("elsewhere").templateBody(elsewhere));
        assertThat(waitFor("elsewhere").stackStatusAsString()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(events("elsewhere")).contains("Greeter CREATE_FAILED TemplateURL must be a supported URL.");
    }

    @Test
    void templateUrlServesCreateStackValidateTemplateAndChangeSets() {
        String url = "https://nested-templates.s3.amazonaws.com/topic.yaml";
        assertThat(cfn.validateTemplate(r -> r.templateURL(url)).parameters()).extracting(p -> p.parameterKey())
                .containsExactly("Name");
        cfn.createStack(r -> r.stackName("by-url").templateURL(url)
                .parameters(Parameter.builder().parameterKey("Name").parameterValue("url").build()));
        assertThat(waitFor("by-url").outputs()).singleElement().satisfies(o -> assertThat(o.outputValue()).isEqualTo("hello url"));
        cfn.createChangeSet(r -> r.stackName("by-url").changeSetName("again").templateURL(url)
                .parameters(Parameter.builder().parameterKey("Name").parameterValue("again").build()));
        assertThatThrownBy(() -> cfn.validateTemplate(r -> r.templateURL("https://s3.amazonaws.com/nested-templates/none")))
                .isInstanceOf(CloudFormationException.class).hasMessageContaining("S3 error");
        assertThatThrownBy(() -> cfn.validateTemplate(r -> r.templateURL("https://example.com/x.yaml")))
                .isInstanceOf(CloudFormationException.class).hasMessageContaining("TemplateURL must be a supported URL.");
        assertThatThrownBy(() -> cfn.validateTemplate(r -> r.templateURL(url).templateBody(TOPIC_CHILD)))
                .isInstanceOf(CloudFormationException.class).hasMessageContaining("exactly one");
    }

    @Test
    void cancellingTheParentCancelsTheChildsUpdateAndBothRollBack() {
        cfn.createStack(r -> r.stackName("unstable").templateBody(UNSTABLE_PARENT)
                .parameters(Parameter.builder().parameterKey("Version").parameterValue("1").build()));
        assertThat(waitFor("unstable").stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        String app = child("unstable", "App");

        // a version whose tasks never pass their health check: without a circuit breaker ECS never stabilizes
        cfn.updateStack(r -> r.stackName("unstable").usePreviousTemplate(true)
                .parameters(Parameter.builder().parameterKey("Version").parameterValue("2-unhealthy").build()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"UPDATE_IN_PROGRESS".equals(cfn.describeStackResource(r -> r.stackName(app).logicalResourceId("Service"))
                .stackResourceDetail().resourceStatusAsString())) {
            assertThat(System.nanoTime()).as("the child's service update starts").isLessThan(deadline);
        }
        cfn.cancelUpdateStack(r -> r.stackName("unstable"));

        assertThat(waitFor("unstable").stackStatusAsString()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        Stack child = waitFor(app);
        assertThat(child.stackStatusAsString()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(parameter(child, "Image")).isEqualTo("repo/web:1");
        assertThat(events(app)).contains("Service UPDATE_FAILED Resource update cancelled");
    }
}
