package dev.berth.sim.ssm;

import dev.berth.testing.SimFixture;
import dev.berth.testing.StackWaits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CloudFormation parameters of type AWS::SSM::Parameter::Value<...>: resolved from Parameter Store when an operation starts. */
class SsmTypedParametersTest {
    private static final String AMI = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";
    private static final String TEMPLATE = """
            Parameters:
              ImageId:
                Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
                Default: %s
              Hosts:
                Type: AWS::SSM::Parameter::Value<List<String>>
                Default: /app/hosts
            Resources:
              LaunchTemplate:
                Type: AWS::EC2::LaunchTemplate
                Properties:
                  LaunchTemplateData:
                    ImageId: !Ref ImageId
            Outputs:
              Image: {Value: !Ref ImageId}
              FirstHost: {Value: !Select [0, !Ref Hosts]}
            """.formatted(AMI);

    private static SimFixture sim;
    private static SsmClient ssm;
    private static CloudFormationClient cfn;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(50);
        ssm = SsmClient.builder().endpointOverride(URI.create(sim.endpoint())).region(Region.of(SimFixture.REGION))
                .credentialsProvider(SimFixture.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        cfn = sim.clients().cloudFormation();
        ssm.putParameter(r -> r.name("/app/hosts").value("alpha,beta").type(ParameterType.STRING_LIST));
    }

    @AfterAll
    static void stop() {
        ssm.close();
        cfn.close();
        sim.close();
    }

    @Test
    void theValueIsResolvedAtCreateAndShownAsResolvedValue() {
        cfn.createStack(r -> r.stackName("resolved").templateBody(TEMPLATE));
        Stack stack = waitFor("resolved");
        String ami = ssm.getParameter(r -> r.name(AMI)).parameter().value();
        assertThat(stack.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(stack.parameters()).filteredOn(p -> p.parameterKey().equals("ImageId")).singleElement()
                .satisfies(p -> {
                    assertThat(p.parameterValue()).isEqualTo(AMI);
                    assertThat(p.resolvedValue()).isEqualTo(ami);
                });
        assertThat(stack.parameters()).filteredOn(p -> p.parameterKey().equals("Hosts")).singleElement()
                .satisfies(p -> assertThat(p.resolvedValue()).isEqualTo("alpha,beta"));
        assertThat(stack.outputs()).anySatisfy(o -> assertThat(o.outputKey() + "=" + o.outputValue()).isEqualTo("Image=" + ami))
                .anySatisfy(o -> assertThat(o.outputKey() + "=" + o.outputValue()).isEqualTo("FirstHost=alpha"));
    }

    @Test
    void aNewValueInTheStoreReachesTheStackOnTheNextUpdateAndItsChangeSet() {
        ssm.putParameter(r -> r.name("/app/image").value("ami-0aaaaaaaaaaaaaaaa").type(ParameterType.STRING).dataType("aws:ec2:image"));
        cfn.createStack(r -> r.stackName("moving").templateBody(TEMPLATE)
                .parameters(Parameter.builder().parameterKey("ImageId").parameterValue("/app/image").build()));
        assertThat(waitFor("moving").stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        ssm.putParameter(r -> r.name("/app/image").value("ami-0bbbbbbbbbbbbbbbb").overwrite(true));

        cfn.createChangeSet(r -> r.stackName("moving").changeSetName("next").usePreviousTemplate(true)
                .changeSetType(ChangeSetType.UPDATE)
                .parameters(Parameter.builder().parameterKey("ImageId").usePreviousValue(true).build(),
                        Parameter.builder().parameterKey("Hosts").usePreviousValue(true).build()));
        cfn.waiter().waitUntilChangeSetCreateComplete(r -> r.stackName("moving").changeSetName("next"));
        var changeSet = cfn.describeChangeSet(r -> r.stackName("moving").changeSetName("next"));
        assertThat(changeSet.parameters()).filteredOn(p -> p.parameterKey().equals("ImageId")).singleElement()
                .satisfies(p -> assertThat(p.resolvedValue()).isEqualTo("ami-0bbbbbbbbbbbbbbbb"));
        assertThat(changeSet.changes()).anySatisfy(c -> assertThat(c.resourceChange().logicalResourceId()).isEqualTo("LaunchTemplate"));

        cfn.executeChangeSet(r -> r.stackName("moving").changeSetName("next"));
        Stack updated = waitFor("moving");
        assertThat(updated.stackStatusAsString()).isEqualTo("UPDATE_COMPLETE");
        assertThat(updated.outputs()).anySatisfy(o -> assertThat(o.outputValue()).isEqualTo("ami-0bbbbbbbbbbbbbbbb"));
    }

    @Test
    void aMissingParameterIsRefusedWithCloudFormationsMessageAndNoStackIsMade() {
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("unresolved").templateBody(TEMPLATE)
                .parameters(Parameter.builder().parameterKey("ImageId").parameterValue("/nobody/put/this").build())))
                .isInstanceOf(CloudFormationException.class)
                .hasMessageStartingWith("Unable to fetch parameters [/nobody/put/this] from parameter store for this account.");
        assertThat(cfn.listStacks().stackSummaries()).noneMatch(s -> s.stackName().equals("unresolved"));
        assertThatThrownBy(() -> cfn.createChangeSet(r -> r.stackName("unresolved-cs").changeSetName("first")
                .changeSetType(ChangeSetType.CREATE).templateBody(TEMPLATE)
                .parameters(Parameter.builder().parameterKey("Hosts").parameterValue("/nobody/hosts").build())))
                .hasMessageStartingWith("Unable to fetch parameters [/nobody/hosts] from parameter store for this account.");
    }

    @Test
    void dynamicReferencesReachTheResourceResolvedAndAMissingOneFailsIt() {
        ssm.putParameter(r -> r.name("/app/log-group").value("first").type(ParameterType.STRING));
        ssm.putParameter(r -> r.name("/app/log-group").value("second").overwrite(true));
        String template = """
                Resources:
                  Logs:
                    Type: AWS::Logs::LogGroup
                    Properties:
                      LogGroupName: 'app-{{resolve:ssm:/app/log-group:1}}-{{resolve:ssm:/app/log-group}}'
                """;
        cfn.createStack(r -> r.stackName("dynamic").templateBody(template));
        assertThat(waitFor("dynamic").stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(cfn.describeStackResource(r -> r.stackName("dynamic").logicalResourceId("Logs")).stackResourceDetail()
                .physicalResourceId()).isEqualTo("app-first-second");

        cfn.createStack(r -> r.stackName("dangling").templateBody(template.replace("/app/log-group}}", "/app/absent}}")));
        assertThat(waitFor("dangling").stackStatusAsString()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(cfn.describeStackEvents(r -> r.stackName("dangling")).stackEvents())
                .anySatisfy(e -> assertThat(e.logicalResourceId() + " " + e.resourceStatusAsString() + " " + e.resourceStatusReason())
                        .isEqualTo("Logs CREATE_FAILED Unable to fetch parameters [/app/absent] from parameter store for this account."));
    }

    private static Stack waitFor(String name) {
        return StackWaits.settled(cfn, name);
    }
}
