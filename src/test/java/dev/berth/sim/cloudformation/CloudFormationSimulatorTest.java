package dev.berth.sim.cloudformation;

import dev.berth.engine.stack.StackTemplates;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.InsufficientCapabilitiesException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated CloudFormation through the real SDK: statuses, events, change sets, errors. */
class CloudFormationSimulatorTest {
    private static final String TOPIC = """
            Parameters:
              Name:
                Type: String
                Default: one
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  DisplayName: !Ref Name
            Outputs:
              TopicArn:
                Value: !Ref Topic
                Export:
                  Name: !Sub '${AWS::StackName}-Topic'
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

    private static Stack waitFor(String stack) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            DescribeStacksResponse response = cfn.describeStacks(r -> r.stackName(stack));
            Stack current = response.stacks().get(0);
            String status = current.stackStatusAsString();
            if (!status.endsWith("_IN_PROGRESS") || status.equals("REVIEW_IN_PROGRESS")) {
                return current;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stack " + stack + " still " + status);
            }
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<StackEvent> eventsOldestFirst(String stack) {
        List<StackEvent> events = new ArrayList<>(cfn.describeStackEvents(r -> r.stackName(stack)).stackEvents());
        java.util.Collections.reverse(events);
        return events;
    }

    @Test
    void createUpdateAndDeleteGoThroughCloudFormationsStatusesAndEvents() {
        String id = cfn.createStack(r -> r.stackName("topics").templateBody(TOPIC)).stackId();
        assertThat(id).matches("arn:aws:cloudformation:us-east-1:000000000000:stack/topics/[-0-9a-f]{36}");
        Stack created = waitFor("topics");
        assertThat(created.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(created.outputs()).singleElement().satisfies(o -> {
            assertThat(o.exportName()).isEqualTo("topics-Topic");
            assertThat(o.outputValue()).startsWith("arn:aws:sns:us-east-1:000000000000:topics-Topic-");
        });
        assertThat(eventsOldestFirst("topics")).extracting(e -> e.logicalResourceId() + " " + e.resourceStatusAsString()
                + (e.resourceStatusReason() == null ? "" : " " + e.resourceStatusReason())).containsExactly(
                "topics CREATE_IN_PROGRESS User Initiated",
                "Topic CREATE_IN_PROGRESS",
                "Topic CREATE_IN_PROGRESS Resource creation Initiated",
                "Topic CREATE_COMPLETE",
                "topics CREATE_COMPLETE");

        assertThatThrownBy(() -> cfn.updateStack(r -> r.stackName("topics").usePreviousTemplate(true)
                .parameters(Parameter.builder().parameterKey("Name").usePreviousValue(true).build())))
                .isInstanceOf(CloudFormationException.class).hasMessageStartingWith("No updates are to be performed.");

        cfn.updateStack(r -> r.stackName("topics").usePreviousTemplate(true)
                .parameters(Parameter.builder().parameterKey("Name").parameterValue("two").build()));
        Stack updated = waitFor("topics");
        assertThat(updated.stackStatusAsString()).isEqualTo("UPDATE_COMPLETE");
        assertThat(updated.parameters()).singleElement().satisfies(p -> assertThat(p.parameterValue()).isEqualTo("two"));
        List<String> statuses = eventsOldestFirst("topics").stream().map(e -> e.logicalResourceId() + " " + e.resourceStatusAsString()).toList();
        assertThat(statuses.subList(5, statuses.size())).containsExactly(
                "topics UPDATE_IN_PROGRESS", "Topic UPDATE_IN_PROGRESS", "Topic UPDATE_COMPLETE",
                "topics UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "topics UPDATE_COMPLETE");

        cfn.deleteStack(r -> r.stackName("topics"));
        assertThat(cfn.describeStacks(r -> r.stackName(id)).stacks().get(0).stackStatusAsString()).isIn("DELETE_IN_PROGRESS", "DELETE_COMPLETE");
        cfn.waiter().waitUntilStackDeleteComplete(r -> r.stackName(id), w -> w.maxAttempts(100)
                .backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(Duration.ofMillis(100))));
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("topics")))
                .hasMessageStartingWith("Stack with id topics does not exist");
        assertThat(cfn.describeStacks(r -> r.stackName(id)).stacks().get(0).stackStatusAsString()).isEqualTo("DELETE_COMPLETE");
        cfn.deleteStack(r -> r.stackName("topics")); // deleting what is gone succeeds, as on CloudFormation
    }

    @Test
    void changeSetsPreviewReplacementsAndAnEmptyOneFailsWithCloudFormationsReason() {
        String ecsStack = "cs-ecs";
        String service = "cs-web";
        createFromBundled(ecsStack, "cluster", List.of());
        createFromBundled(service, "service", List.of(param("ClusterStack", ecsStack), param("Repository", "repo/web"),
                param("Version", "1")));

        String id = cfn.createChangeSet(r -> r.stackName(service).changeSetName("v2").usePreviousTemplate(true)
                .capabilities(Capability.CAPABILITY_IAM).parameters(param("Version", "2"), previous("ClusterStack"),
                        previous("Repository"))).id();
        DescribeChangeSetResponse changeSet = awaitChangeSet(id);
        assertThat(changeSet.statusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(changeSet.executionStatusAsString()).isEqualTo("AVAILABLE");
        assertThat(changeSet.changes()).extracting(c -> c.resourceChange().logicalResourceId() + " "
                + c.resourceChange().actionAsString() + " " + c.resourceChange().replacementAsString())
                .containsExactly("TaskDefinition Modify True", "Service Modify False");
        assertThat(changeSet.changes().get(0).resourceChange().details()).anySatisfy(d -> {
            assertThat(d.changeSourceAsString()).isEqualTo("ParameterReference");
            assertThat(d.causingEntity()).isEqualTo("Version");
            assertThat(d.target().requiresRecreationAsString()).isEqualTo("Always");
        });
        assertThat(changeSet.changes().get(1).resourceChange().details()).anySatisfy(d -> {
            assertThat(d.changeSourceAsString()).isEqualTo("ResourceReference");
            assertThat(d.causingEntity()).isEqualTo("TaskDefinition");
        });
        cfn.deleteChangeSet(r -> r.changeSetName(id));
        assertThatThrownBy(() -> cfn.describeChangeSet(r -> r.changeSetName(id)))
                .isInstanceOf(ChangeSetNotFoundException.class).hasMessageStartingWith("ChangeSet [" + id + "] does not exist");
        // as on CloudFormation: deleting a change set that is gone succeeds; on a stack that is not there it does not
        cfn.deleteChangeSet(r -> r.changeSetName(id));
        cfn.deleteChangeSet(r -> r.stackName(service).changeSetName("never-made"));
        assertThatThrownBy(() -> cfn.deleteChangeSet(r -> r.stackName("no-such-stack").changeSetName("v2")))
                .hasMessageContaining("Stack [no-such-stack] does not exist");

        String empty = cfn.createChangeSet(r -> r.stackName(service).changeSetName("same").usePreviousTemplate(true)
                .capabilities(Capability.CAPABILITY_IAM).parameters(previous("Version"), previous("ClusterStack"),
                        previous("Repository"))).id();
        DescribeChangeSetResponse nothing = awaitChangeSet(empty);
        assertThat(nothing.statusAsString()).isEqualTo("FAILED");
        assertThat(nothing.statusReason()).isEqualTo("The submitted information didn't contain changes. "
                + "Submit different information to create a change set.");
        assertThatThrownBy(() -> cfn.executeChangeSet(r -> r.changeSetName(empty)))
                .hasMessageContaining("cannot be executed in its current status of [FAILED]");
    }

    @Test
    void iamResourcesNeedTheirCapabilityAndExportsInUseCannotGo() {
        String role = "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: named\n";
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("iam").templateBody(role)))
                .isInstanceOf(InsufficientCapabilitiesException.class).hasMessageStartingWith("Requires capabilities : [CAPABILITY_NAMED_IAM]");
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("iam").templateBody(role).capabilities(Capability.CAPABILITY_IAM)))
                .isInstanceOf(InsufficientCapabilitiesException.class);

        cfn.createStack(r -> r.stackName("exporter").templateBody(TOPIC));
        waitFor("exporter");
        String importer = "Resources:\n  Copy:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !ImportValue exporter-Topic\n";
        cfn.createStack(r -> r.stackName("importer").templateBody(importer));
        assertThat(waitFor("importer").stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("importer").templateBody(importer)))
                .isInstanceOf(AlreadyExistsException.class).hasMessageStartingWith("Stack [importer] already exists");

        cfn.deleteStack(r -> r.stackName("exporter"));
        Stack kept = waitFor("exporter");
        assertThat(kept.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(kept.stackStatusReason()).isEqualTo("Export exporter-Topic cannot be deleted as it is in use by importer");
        assertThat(cfn.listExports().exports()).extracting(e -> e.name()).contains("exporter-Topic");
    }

    @Test
    void badTemplatesAndParametersFailWithCloudFormationsMessages() {
        assertThatThrownBy(() -> cfn.validateTemplate(r -> r.templateBody("Resources: {}")))
                .hasMessageStartingWith("Template format error: At least one Resources member must be defined.");
        assertThatThrownBy(() -> cfn.validateTemplate(r -> r.templateBody("Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !Ref Nope\n")))
                .hasMessageStartingWith("Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template");
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("params").templateBody(
                "Parameters:\n  Env:\n    Type: String\n    AllowedValues: [dev, prod]\nResources:\n  A:\n    Type: AWS::SNS::Topic\n")
                .parameters(param("Env", "test"))))
                .hasMessageStartingWith("Parameter 'Env' must be one of AllowedValues");
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("params").templateBody(
                "Parameters:\n  Env:\n    Type: String\nResources:\n  A:\n    Type: AWS::SNS::Topic\n")))
                .hasMessageStartingWith("Parameters: [Env] must have values");
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("bad_name").templateBody(TOPIC)))
                .hasMessageContaining("failed to satisfy constraint: Member must satisfy regular expression pattern");
        assertThatThrownBy(() -> cfn.describeStackEvents(r -> r.stackName("never")))
                .hasMessageStartingWith("Stack [never] does not exist");
    }

    @Test
    void theBundledTemplatesSummariseTheirParametersAndCapabilities() {
        var summary = cfn.getTemplateSummary(r -> r.templateBody(StackTemplates.bundled("service")));
        assertThat(summary.parameters()).extracting(p -> p.parameterKey())
                .contains("ClusterStack", "Repository", "Version", "DesiredCount", "MaximumPercent", "MinimumHealthyPercent");
        assertThat(summary.parameters()).filteredOn(p -> p.parameterKey().equals("MaximumPercent"))
                .singleElement().satisfies(p -> assertThat(p.defaultValue()).isEqualTo("200"));
        assertThat(summary.capabilitiesAsStrings()).containsExactly("CAPABILITY_IAM");
        assertThat(summary.resourceTypes()).contains("AWS::ECS::TaskDefinition", "AWS::ECS::Service",
                "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::ApplicationAutoScaling::ScalingPolicy");
    }

    @Test
    void theServiceStackRunsItsTasksBehindTheClustersLoadBalancer() {
        createFromBundled("lb-ecs", "cluster", List.of());
        createFromBundled("lb-web", "service", List.of(param("ClusterStack", "lb-ecs"), param("Repository", "repo/web"),
                param("Version", "1")));
        String serviceArn = cfn.describeStackResource(r -> r.stackName("lb-web").logicalResourceId("Service"))
                .stackResourceDetail().physicalResourceId();
        String targetGroup = cfn.describeStackResource(r -> r.stackName("lb-web").logicalResourceId("TargetGroup"))
                .stackResourceDetail().physicalResourceId();
        String cluster = serviceArn.split("/")[1];
        try (EcsClient ecs = sim.ecs(); var elb = software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client
                .builder().endpointOverride(sim.server().endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(SimFixture.CREDENTIALS)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            var service = ecs.describeServices(r -> r.cluster(cluster).services(serviceArn)).services().get(0);
            assertThat(service.runningCount()).isEqualTo(2);
            assertThat(service.loadBalancers()).singleElement().satisfies(lb -> assertThat(lb.targetGroupArn()).isEqualTo(targetGroup));
            var health = elb.describeTargetHealth(r -> r.targetGroupArn(targetGroup)).targetHealthDescriptions();
            assertThat(health).hasSize(2).allSatisfy(h -> {
                assertThat(h.targetHealth().stateAsString()).isEqualTo("healthy");
                assertThat(h.target().id()).startsWith("i-");
                assertThat(h.target().port()).isBetween(32768, 65535);
            });
            var groups = elb.describeTargetGroups(r -> r.targetGroupArns(targetGroup)).targetGroups();
            assertThat(groups).singleElement().satisfies(g -> {
                assertThat(g.healthCheckPath()).isEqualTo("/health");
                assertThat(g.loadBalancerArns()).hasSize(1);
            });
        }
    }

    private static void createFromBundled(String stack, String template, List<Parameter> parameters) {
        cfn.createStack(r -> r.stackName(stack).templateBody(StackTemplates.bundled(template))
                .capabilities(Capability.CAPABILITY_IAM).parameters(parameters));
        assertThat(waitFor(stack).stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
    }

    private static DescribeChangeSetResponse awaitChangeSet(String id) {
        try {
            cfn.waiter().waitUntilChangeSetCreateComplete(r -> r.changeSetName(id), w -> w.maxAttempts(200)
                    .backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(Duration.ofMillis(50))));
        } catch (RuntimeException e) {
            // FAILED change sets end the waiter; read the change set below either way
        }
        return cfn.describeChangeSet(r -> r.changeSetName(id));
    }

    private static Parameter param(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }

    private static Parameter previous(String key) {
        return Parameter.builder().parameterKey(key).usePreviousValue(true).build();
    }
}
