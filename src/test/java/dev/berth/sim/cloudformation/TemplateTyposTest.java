package dev.berth.sim.cloudformation;

import dev.berth.testing.AwsCli;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A typo in a resource type or a Fn::GetAtt attribute is refused before anything is created, through the AWS CLI
 * and the SDK, with CloudFormation's ValidationError; and ECS sizes with units register as ECS stores them.
 */
@Execution(ExecutionMode.CONCURRENT)
class TemplateTyposTest {
    private static final String TYPE_TYPO = """
            Resources:
              Group:
                Type: AWS::EC2::SecurityGroupp
                Properties:
                  GroupDescription: web
            """;
    private static final String ATTRIBUTE_TYPO = """
            Resources:
              Logs:
                Type: AWS::Logs::LogGroup
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  DisplayName: !GetAtt Logs.LogGroupArn
            """;
    private static final String GOOD = """
            Resources:
              Logs:
                Type: AWS::Logs::LogGroup
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  DisplayName: !GetAtt Logs.Arn
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

    private static Path file(String body) throws Exception {
        Path template = Files.createTempFile("berth-typo", ".yaml");
        Files.writeString(template, body);
        return template;
    }

    @Test
    void theAwsCliHearsCloudFormationsAnswerToATypoInATypeAndNothingIsCreated() throws Exception {
        AwsCli aws = new AwsCli(sim.endpoint());
        String template = "file://" + file(TYPE_TYPO);
        AwsCli.Result validate = aws.run("cloudformation", "validate-template", "--template-body", template);
        assertThat(validate.exitCode()).isNotZero();
        assertThat(validate.stderr()).contains("An error occurred (ValidationError) when calling the ValidateTemplate "
                + "operation: Template format error: Unrecognized resource types: [AWS::EC2::SecurityGroupp]");

        AwsCli.Result create = aws.run("cloudformation", "create-stack", "--stack-name", "typo-type",
                "--template-body", template);
        assertThat(create.exitCode()).isNotZero();
        assertThat(create.stderr()).contains("(ValidationError) when calling the CreateStack operation: "
                + "Template format error: Unrecognized resource types: [AWS::EC2::SecurityGroupp]");
        AwsCli.Result describe = aws.run("cloudformation", "describe-stacks", "--stack-name", "typo-type");
        assertThat(describe.stderr()).contains("Stack with id typo-type does not exist");
    }

    @Test
    void theAwsCliHearsCloudFormationsAnswerToATypoInAnAttribute() throws Exception {
        AwsCli aws = new AwsCli(sim.endpoint());
        String template = "file://" + file(ATTRIBUTE_TYPO);
        String message = "Template error: resource Logs does not support attribute type LogGroupArn in Fn::GetAtt";
        AwsCli.Result validate = aws.run("cloudformation", "validate-template", "--template-body", template);
        assertThat(validate.exitCode()).isNotZero();
        assertThat(validate.stderr()).contains("(ValidationError) when calling the ValidateTemplate operation: " + message);
        AwsCli.Result create = aws.run("cloudformation", "create-stack", "--stack-name", "typo-attribute",
                "--template-body", template);
        assertThat(create.exitCode()).isNotZero();
        assertThat(create.stderr()).contains("(ValidationError) when calling the CreateStack operation: " + message);
        assertThat(aws.run("cloudformation", "describe-stacks", "--stack-name", "typo-attribute").stderr())
                .contains("does not exist");

        AwsCli.Result good = aws.run("cloudformation", "validate-template", "--template-body", "file://" + file(GOOD));
        assertThat(good.exitCode()).as(good.stderr()).isZero();
    }

    @Test
    void theSdkIsRefusedOnEveryOperationThatTakesATemplateAndTheStackStaysAsItWas() {
        assertThatThrownBy(() -> cfn.validateTemplate(r -> r.templateBody(TYPE_TYPO)))
                .isInstanceOf(CloudFormationException.class)
                .satisfies(e -> assertThat(((CloudFormationException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationError"))
                .hasMessageStartingWith("Template format error: Unrecognized resource types: [AWS::EC2::SecurityGroupp]");
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("sdk-typo").templateBody(ATTRIBUTE_TYPO)))
                .hasMessageStartingWith("Template error: resource Logs does not support attribute type LogGroupArn in Fn::GetAtt");

        assertThatThrownBy(() -> cfn.createChangeSet(r -> r.stackName("sdk-new").changeSetName("first")
                .changeSetType("CREATE").templateBody(TYPE_TYPO)))
                .hasMessageStartingWith("Template format error: Unrecognized resource types: [AWS::EC2::SecurityGroupp]");
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("sdk-new")))
                .hasMessageStartingWith("Stack with id sdk-new does not exist");

        cfn.createStack(r -> r.stackName("sdk-good").templateBody(GOOD));
        assertThat(waitFor("sdk-good").stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThatThrownBy(() -> cfn.updateStack(r -> r.stackName("sdk-good").templateBody(TYPE_TYPO)))
                .hasMessageStartingWith("Template format error: Unrecognized resource types: [AWS::EC2::SecurityGroupp]");
        assertThatThrownBy(() -> cfn.createChangeSet(r -> r.stackName("sdk-good").changeSetName("typo")
                .templateBody(ATTRIBUTE_TYPO)))
                .hasMessageStartingWith("Template error: resource Logs does not support attribute type LogGroupArn");
        assertThat(cfn.listChangeSets(r -> r.stackName("sdk-good")).summaries()).isEmpty();
        Stack after = waitFor("sdk-good");
        assertThat(after.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(cfn.getTemplate(r -> r.stackName("sdk-good")).templateBody()).isEqualTo(GOOD);
    }

    @Test
    void ecsSizesWithUnitsRegisterAsTheIntegersEcsStores() {
        String template = """
                Resources:
                  Task:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      Family: sized
                      Cpu: 1 vCPU
                      Memory: 0.5GB
                      RequiresCompatibilities: [FARGATE]
                      NetworkMode: awsvpc
                      ContainerDefinitions:
                        - Name: web
                          Image: nginx:1.27
                Outputs:
                  Arn: {Value: !Ref Task}
                """;
        cfn.createStack(r -> r.stackName("sized").templateBody(template));
        Stack stack = waitFor("sized");
        assertThat(stack.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        TaskDefinition registered = sim.ecs().describeTaskDefinition(r -> r.taskDefinition("sized")).taskDefinition();
        assertThat(registered.cpu()).isEqualTo("1024");
        assertThat(registered.memory()).isEqualTo("512");

        TaskDefinition direct = sim.ecs().registerTaskDefinition(r -> r.family("direct").cpu("0.25 vCPU").memory("2 GB")
                .containerDefinitions(c -> c.name("web").image("nginx:1.27"))).taskDefinition();
        assertThat(direct.cpu()).isEqualTo("256");
        assertThat(direct.memory()).isEqualTo("2048");
        assertThatThrownBy(() -> sim.ecs().registerTaskDefinition(r -> r.family("direct").memory("0.3GB")
                .containerDefinitions(c -> c.name("web").image("nginx:1.27"))))
                .hasMessageStartingWith("Invalid 'memory' setting for task.");
        assertThat(sim.ecs().listTaskDefinitions(r -> r.familyPrefix("direct")).taskDefinitionArns()).hasSize(1);
    }

    private static Stack waitFor(String stack) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
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
}
