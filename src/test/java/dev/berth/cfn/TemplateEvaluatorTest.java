package dev.berth.cfn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateEvaluatorTest {
    private static final String STACK = """
            Parameters:
              Env: {Type: String}
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
            Resources:
              Topic:
                Type: AWS::SNS::Topic
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub '${AWS::StackName}-${Env}-${Topic.TopicName}'
                  RedrivePolicy: !If [IsProd, {deadLetterTargetArn: !GetAtt DeadLetters.Arn}, !Ref 'AWS::NoValue']
              DeadLetters:
                Type: AWS::SQS::Queue
                Condition: IsProd
              Subscription:
                Type: AWS::SNS::Subscription
                DependsOn: Queue
                Metadata:
                  Owner: !Ref Topic
                Properties:
                  TopicArn: !Ref Topic
                  Endpoint: !GetAtt Queue.Arn
                  Region: !Ref 'AWS::Region'
            Outputs:
              QueueUrl:
                Value: !Ref Queue
                Export: {Name: !Sub '${AWS::StackName}-queue'}
              DeadLetterArn:
                Condition: IsProd
                Value: !GetAtt DeadLetters.Arn
              Zones:
                Value: !Join [',', !GetAZs '']
            """;

    private static TemplateEvaluator stack(String env) {
        Template template = TemplateParser.parse(STACK);
        return TestContext.of(Map.of("Env", env))
                .withAttribute("Topic.TopicName", "alerts")
                .withAttribute("Queue.Arn", "arn:aws:sqs:us-east-1:123456789012:q")
                .withAttribute("DeadLetters.Arn", "arn:aws:sqs:us-east-1:123456789012:dlq")
                .evaluator(template);
    }

    private static ResourceDeclaration resource(String logicalId) {
        return TemplateParser.parse(STACK).resources().get(logicalId);
    }

    @ParameterizedTest(name = "Env={0}")
    @CsvSource({"prod, 'Topic,DeadLetters'", "dev, Topic"})
    void dependenciesFollowTheBranchesTheConditionsTake(String env, String queueNeeds) {
        TemplateEvaluator stack = stack(env);

        assertThat(stack.dependencies(resource("Queue"))).containsExactly(queueNeeds.split(","));
        assertThat(stack.dependencies(resource("Subscription"))).containsExactly("Queue", "Topic");
        assertThat(stack.dependencies(resource("Topic"))).isEmpty();
    }

    @Test
    void theGraphHoldsTheResourcesTheConditionsKeep() {
        assertThat(stack("prod").dependencyGraph().creationOrder())
                .containsExactly("Topic", "DeadLetters", "Queue", "Subscription");
        assertThat(stack("dev").dependencyGraph().creationOrder()).containsExactly("Topic", "Queue", "Subscription");
        assertThat(stack("dev").dependencyGraph().deletionOrder()).containsExactly("Subscription", "Queue", "Topic");
    }

    @ParameterizedTest(name = "Env={0}")
    @CsvSource({"prod, '{\"QueueName\":\"web-prod-alerts\",\"RedrivePolicy\":{\"deadLetterTargetArn\":"
            + "\"arn:aws:sqs:us-east-1:123456789012:dlq\"}}'",
            "dev, '{\"QueueName\":\"web-dev-alerts\"}'"})
    void propertiesAreResolvedAndNoValueRemovesAProperty(String env, String properties) {
        assertThat(stack(env).properties(resource("Queue"))).isEqualTo(Json.of(properties));
    }

    @Test
    void resolvedPropertiesAreTheCallersToChange() {
        TemplateEvaluator stack = stack("dev");
        stack.properties(resource("Queue")).put("QueueName", "changed");

        assertThat(stack.properties(resource("Queue")).get("QueueName").textValue()).isEqualTo("web-dev-alerts");
    }

    @ParameterizedTest(name = "Env={0}")
    @CsvSource({"prod, 3", "dev, 2"})
    void outputsAreResolvedWithTheirExportNames(String env, int count) {
        List<ResolvedOutput> outputs = stack(env).outputs();

        assertThat(outputs).hasSize(count);
        assertThat(outputs.get(0)).isEqualTo(new ResolvedOutput("QueueUrl", "phys-Queue", Optional.empty(),
                Optional.of("web-queue")));
        assertThat(outputs.get(count - 1)).isEqualTo(new ResolvedOutput("Zones",
                "us-east-1a,us-east-1b,us-east-1c", Optional.empty(), Optional.empty()));
    }

    @Test
    void aKeptResourceReferringToOneTheConditionsLeaveOutIsRefused() {
        String body = """
                Parameters:
                  DeployAnalytics: {Type: String, Default: 'false'}
                Conditions:
                  WithAnalytics: !Equals [!Ref DeployAnalytics, 'true']
                Resources:
                  Analytics: {Type: AWS::SNS::Topic, Condition: WithAnalytics}
                  Consumer:
                    Type: AWS::SQS::Queue
                    Properties: {QueueName: !GetAtt Analytics.TopicName}
                """;
        TemplateEvaluator evaluator = TestContext.evaluator(body, Map.of());

        assertThat(evaluator.dependencies(TemplateParser.parse(body).resources().get("Consumer"))).isEmpty();
        assertThatThrownBy(evaluator::dependencyGraph).isInstanceOf(TemplateException.class).hasMessage(
                "Template format error: Unresolved resource dependencies [Analytics] in the Resources block of the template");
        assertThatThrownBy(evaluator::checkReferences).hasMessage(
                "Template format error: Unresolved resource dependencies [Analytics] in the Resources block of the template");
        assertThatThrownBy(() -> evaluator.properties(TemplateParser.parse(body).resources().get("Consumer")))
                .hasMessage("Template format error: Unresolved resource dependencies [Analytics] in the Resources "
                        + "block of the template");
    }

    @Test
    void aKeptOutputReferringToALeftOutResourceIsRefused() {
        TemplateEvaluator evaluator = TestContext.evaluator("""
                Parameters:
                  Env: {Type: String, Default: dev}
                Conditions:
                  IsProd: !Equals [!Ref Env, prod]
                Resources:
                  Role: {Type: AWS::IAM::Role, Condition: IsProd}
                  Bucket: {Type: AWS::S3::Bucket}
                Outputs:
                  RoleArn: {Value: !GetAtt Role.Arn}
                """, Map.of());

        assertThatThrownBy(evaluator::checkReferences).hasMessage(
                "Template format error: Unresolved resource dependencies [Role] in the Outputs block of the template");
        assertThatThrownBy(evaluator::outputs).hasMessage(
                "Template format error: Unresolved resource dependencies [Role] in the Outputs block of the template");
    }

    @ParameterizedTest(name = "Env={0}")
    @CsvSource({"dev, ''", "prod, 'Circular dependency between resources: [A, B]'"})
    void aCycleThroughAnIfMattersOnlyWhenTheBranchIsTaken(String env, String message) {
        TemplateEvaluator evaluator = TestContext.evaluator("""
                Parameters:
                  Env: {Type: String}
                Conditions:
                  IsProd: !Equals [!Ref Env, prod]
                Resources:
                  A: {Type: AWS::SNS::Topic, Properties: {DisplayName: !If [IsProd, !GetAtt B.TopicName, a]}}
                  B: {Type: AWS::SNS::Topic, Properties: {DisplayName: !Ref A}}
                """, Map.of("Env", env));

        if (message.isEmpty()) {
            assertThat(evaluator.dependencyGraph().creationOrder()).containsExactly("A", "B");
        } else {
            assertThatThrownBy(evaluator::dependencyGraph).isInstanceOf(TemplateException.class).hasMessage(message);
        }
    }

    @Test
    void anOutputValueMustBeAString() {
        TemplateEvaluator evaluator = TestContext.evaluator(
                "Resources:\n  B: {Type: AWS::S3::Bucket}\nOutputs:\n  Zones: {Value: !GetAZs ''}\n", Map.of());

        assertThatThrownBy(evaluator::outputs).hasMessage(
                "Template format error: The Value field of every Outputs member must evaluate to a String and not a List.");
    }

    @Test
    void partitionAndUrlSuffixFollowTheRegion() {
        Template template = TemplateParser.parse("""
                Resources:
                  B:
                    Type: AWS::S3::Bucket
                    Properties:
                      Arn: !Sub 'arn:${AWS::Partition}:s3:::b'
                      Host: !Sub 's3.${AWS::Region}.${AWS::URLSuffix}'
                """);
        TemplateEvaluator china = TestContext.of(Map.of()).withRegion("cn-north-1").evaluator(template);
        TemplateEvaluator govCloud = TestContext.of(Map.of()).withRegion("us-gov-west-1").evaluator(template);

        assertThat(china.properties(template.resources().get("B"))).isEqualTo(Json.of(
                "{\"Arn\":\"arn:aws-cn:s3:::b\",\"Host\":\"s3.cn-north-1.amazonaws.com.cn\"}"));
        assertThat(govCloud.properties(template.resources().get("B")).get("Arn").textValue())
                .isEqualTo("arn:aws-us-gov:s3:::b");
    }

    @Test
    void conditionsMustBeEvaluatedBeforeTheTemplate() {
        Template template = TemplateParser.parse(STACK);
        TemplateEvaluator evaluator = new TemplateEvaluator(template, TestContext.of(Map.of("Env", "dev")));

        assertThatThrownBy(() -> evaluator.includes(template.resources().get("DeadLetters")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("condition IsProd was not evaluated");
    }
}
