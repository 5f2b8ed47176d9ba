package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service stack as berth deploys them: on a shared cluster stack, released by changing Version. */
class ServiceTemplateTest {
    private static final String SERVICE = """
            AWSTemplateFormatVersion: 2010-09-09
            Description: web, a service on the shared cluster
            Parameters:
              ClusterStack: {Type: String, Default: platform}
              Repository: {Type: String}
              Version:
                Type: String
                AllowedPattern: '[0-9]+\\.[0-9]+\\.[0-9]+'
                ConstraintDescription: a semantic version such as 1.4.2
              DesiredCount: {Type: Number, Default: 4, MinValue: 0, MaxValue: 50}
              MaximumPercent: {Type: Number, Default: 200, MinValue: 100}
              MinimumHealthyPercent: {Type: Number, Default: 100, MinValue: 0, MaxValue: 100}
              Subnets: {Type: 'List<AWS::EC2::Subnet::Id>'}
              DatabasePassword: {Type: String, NoEcho: true, MinLength: 12}
              Env: {Type: String, AllowedValues: [staging, production], Default: staging}
            Mappings:
              Sizes:
                staging: {Cpu: 256, Memory: 512}
                production: {Cpu: 1024, Memory: 2048}
            Conditions:
              IsProduction: !Equals [!Ref Env, production]
            Resources:
              Service:
                Type: AWS::ECS::Service
                Properties:
                  ServiceName: !Ref 'AWS::StackName'
                  Cluster:
                    Fn::ImportValue: !Sub '${ClusterStack}-ClusterName'
                  TaskDefinition: !Ref TaskDefinition
                  DesiredCount: !Ref DesiredCount
                  LaunchType: FARGATE
                  DeploymentConfiguration:
                    MaximumPercent: !Ref MaximumPercent
                    MinimumHealthyPercent: !Ref MinimumHealthyPercent
                    DeploymentCircuitBreaker: {Enable: true, Rollback: true}
                  NetworkConfiguration:
                    AwsvpcConfiguration:
                      AssignPublicIp: DISABLED
                      Subnets: !Ref Subnets
                      SecurityGroups:
                        - Fn::ImportValue: !Sub '${ClusterStack}-ServiceSecurityGroup'
              TaskDefinition:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  Family: !Ref 'AWS::StackName'
                  Cpu: !FindInMap [Sizes, !Ref Env, Cpu]
                  Memory: !FindInMap [Sizes, !Ref Env, Memory]
                  NetworkMode: awsvpc
                  RequiresCompatibilities: [FARGATE]
                  ExecutionRoleArn: !GetAtt ExecutionRole.Arn
                  ContainerDefinitions:
                    - Name: web
                      Image: !Sub '${Repository}:${Version}'
                      Essential: true
                      PortMappings: [{ContainerPort: 8080}]
                      Environment:
                        - {Name: DB_PASSWORD, Value: !Ref DatabasePassword}
                        - !If [IsProduction, {Name: TRACING, Value: 'on'}, !Ref 'AWS::NoValue']
                      LogConfiguration:
                        LogDriver: awslogs
                        Options:
                          awslogs-group: !Ref LogGroup
                          awslogs-region: !Ref 'AWS::Region'
                          awslogs-stream-prefix: web
              ExecutionRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: 'sts:AssumeRole'}
                  ManagedPolicyArns:
                    - !Sub 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'
              LogGroup:
                Type: AWS::Logs::LogGroup
                DeletionPolicy: Retain
                Properties:
                  LogGroupName: !Sub '/ecs/${AWS::StackName}'
                  RetentionInDays: !If [IsProduction, 90, 7]
              HighCpuAlarm:
                Type: AWS::CloudWatch::Alarm
                Condition: IsProduction
                Properties:
                  Namespace: AWS/ECS
                  MetricName: CPUUtilization
                  Dimensions:
                    - Name: ClusterName
                      Value: {Fn::ImportValue: !Sub '${ClusterStack}-ClusterName'}
                    - Name: ServiceName
                      Value: !GetAtt Service.Name
                  Threshold: 80.0
            Outputs:
              ServiceName:
                Value: !GetAtt Service.Name
                Export: {Name: !Sub '${AWS::StackName}-ServiceName'}
              TaskDefinitionArn:
                Description: The revision this release registered
                Value: !Ref TaskDefinition
                Export: {Name: !Sub '${AWS::StackName}-TaskDefinition'}
              Image:
                Value: !Sub '${Repository}:${Version}'
              AlarmName:
                Condition: IsProduction
                Value: !Ref HighCpuAlarm
            """;
    private static final String REPOSITORY = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web";

    private static Map<String, ParameterValue> release(String version, String env) {
        Map<String, ParameterValue> given = new LinkedHashMap<>();
        given.put("Repository", ParameterValue.of(REPOSITORY));
        given.put("Version", ParameterValue.of(version));
        given.put("Subnets", ParameterValue.of("subnet-a,subnet-b"));
        given.put("DatabasePassword", ParameterValue.of("correct-horse-battery"));
        given.put("Env", ParameterValue.of(env));
        return given;
    }

    private static TemplateEvaluator stack(Template template, Map<String, String> parameters) {
        return TestContext.of(parameters)
                .withExport("platform-ClusterName", "platform-cluster")
                .withExport("platform-ServiceSecurityGroup", "sg-0123")
                .withAttribute("ExecutionRole.Arn", "arn:aws:iam::123456789012:role/web-ExecutionRole")
                .withAttribute("Service.Name", "web")
                .evaluator(template);
    }

    private static ObjectNode properties(TemplateEvaluator stack, Template template, String logicalId) {
        return stack.properties(template.resources().get(logicalId));
    }

    @Test
    void aStagingReleaseResolvesTheServiceAndItsTaskDefinition() {
        for (String body : TestContext.yamlAndJson(SERVICE)) {
            Template template = TemplateParser.parse(body);
            TemplateEvaluator stack = stack(template, ParameterResolver.resolve(template, release("1.4.2", "staging")));

            assertThat(stack.dependencyGraph().creationOrder())
                    .containsExactly("ExecutionRole", "LogGroup", "TaskDefinition", "Service");
            assertThat(stack.dependencyGraph().creationRounds())
                    .containsExactly(List.of("ExecutionRole", "LogGroup"), List.of("TaskDefinition"), List.of("Service"));

            JsonNode container = properties(stack, template, "TaskDefinition").get("ContainerDefinitions").get(0);
            assertThat(container.get("Image").textValue()).isEqualTo(REPOSITORY + ":1.4.2");
            assertThat(container.get("Environment")).isEqualTo(Json.of(
                    "[{\"Name\":\"DB_PASSWORD\",\"Value\":\"correct-horse-battery\"}]"));
            assertThat(container.get("LogConfiguration").get("Options")).isEqualTo(Json.of(
                    "{\"awslogs-group\":\"phys-LogGroup\",\"awslogs-region\":\"us-east-1\",\"awslogs-stream-prefix\":\"web\"}"));
            assertThat(properties(stack, template, "TaskDefinition").get("Cpu").intValue()).isEqualTo(256);
            assertThat(properties(stack, template, "TaskDefinition").get("ExecutionRoleArn").textValue())
                    .isEqualTo("arn:aws:iam::123456789012:role/web-ExecutionRole");

            ObjectNode service = properties(stack, template, "Service");
            assertThat(service.get("Cluster").textValue()).isEqualTo("platform-cluster");
            assertThat(service.get("TaskDefinition").textValue()).isEqualTo("phys-TaskDefinition");
            assertThat(service.get("DesiredCount").textValue()).isEqualTo("4");
            assertThat(service.get("DeploymentConfiguration")).isEqualTo(Json.of("{\"MaximumPercent\":\"200\","
                    + "\"MinimumHealthyPercent\":\"100\",\"DeploymentCircuitBreaker\":{\"Enable\":true,\"Rollback\":true}}"));
            assertThat(service.get("NetworkConfiguration").get("AwsvpcConfiguration")).isEqualTo(Json.of(
                    "{\"AssignPublicIp\":\"DISABLED\",\"Subnets\":[\"subnet-a\",\"subnet-b\"],\"SecurityGroups\":[\"sg-0123\"]}"));
            assertThat(properties(stack, template, "LogGroup").get("RetentionInDays").intValue()).isEqualTo(7);

            assertThat(stack.outputs()).containsExactly(
                    new ResolvedOutput("ServiceName", "web", Optional.empty(), Optional.of("web-ServiceName")),
                    new ResolvedOutput("TaskDefinitionArn", "phys-TaskDefinition",
                            Optional.of("The revision this release registered"), Optional.of("web-TaskDefinition")),
                    new ResolvedOutput("Image", REPOSITORY + ":1.4.2", Optional.empty(), Optional.empty()));
        }
    }

    @Test
    void aProductionReleaseAddsTheAlarmAfterTheServiceItWatches() {
        Template template = TemplateParser.parse(SERVICE);
        TemplateEvaluator stack = stack(template, ParameterResolver.resolve(template, release("1.4.2", "production")));

        assertThat(stack.dependencyGraph().creationOrder())
                .containsExactly("ExecutionRole", "LogGroup", "TaskDefinition", "Service", "HighCpuAlarm");
        assertThat(stack.dependencyGraph().deletionOrder())
                .containsExactly("HighCpuAlarm", "Service", "TaskDefinition", "LogGroup", "ExecutionRole");
        assertThat(properties(stack, template, "HighCpuAlarm").get("Dimensions")).isEqualTo(Json.of(
                "[{\"Name\":\"ClusterName\",\"Value\":\"platform-cluster\"},{\"Name\":\"ServiceName\",\"Value\":\"web\"}]"));
        assertThat(properties(stack, template, "HighCpuAlarm").get("Threshold").decimalValue()).isEqualByComparingTo("80.0");
        assertThat(properties(stack, template, "TaskDefinition").get("ContainerDefinitions").get(0).get("Environment"))
                .hasSize(2);
        assertThat(stack.outputs()).extracting(ResolvedOutput::logicalId)
                .containsExactly("ServiceName", "TaskDefinitionArn", "Image", "AlarmName");
    }

    @Test
    void aNewVersionKeepsEveryOtherParameterWithUsePreviousValue() {
        Template template = TemplateParser.parse(SERVICE);
        Map<String, String> current = ParameterResolver.resolve(template, release("1.4.2", "staging"));
        Map<String, ParameterValue> update = new LinkedHashMap<>();
        current.keySet().forEach(name -> update.put(name, ParameterValue.usePreviousValue()));
        update.put("Version", ParameterValue.of("1.5.0"));

        Map<String, String> next = ParameterResolver.resolve(template, update, current);

        assertThat(next).containsEntry("Version", "1.5.0").containsEntry("DatabasePassword", "correct-horse-battery");
        assertThat(NoEchoMask.apply(template, next)).containsEntry("DatabasePassword", "****");
        JsonNode container = properties(stack(template, next), template, "TaskDefinition").get("ContainerDefinitions").get(0);
        assertThat(container.get("Image").textValue()).isEqualTo(REPOSITORY + ":1.5.0");
    }

    @Test
    void aVersionThatIsNotSemanticIsRefusedWithTheConstraintDescription() {
        Template template = TemplateParser.parse(SERVICE);

        assertThatThrownBy(() -> ParameterResolver.resolve(template, release("latest", "staging")))
                .hasMessage("Parameter Version failed to satisfy constraint: a semantic version such as 1.4.2");
    }

    @Test
    void aMissingClusterExportStopsTheService() {
        Template template = TemplateParser.parse(SERVICE);
        TemplateEvaluator stack = TestContext.of(ParameterResolver.resolve(template, release("1.4.2", "staging")))
                .evaluator(template);

        assertThatThrownBy(() -> properties(stack, template, "Service"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("No export named platform-ClusterName found");
    }

    @Test
    void theShortFormImportValueOfAShortFormSubIsRefusedAsCloudFormationRefusesIt() {
        String shortForms = SERVICE.replaceFirst("Cluster:\\s+Fn::ImportValue: !Sub", "Cluster: !ImportValue !Sub");
        int line = shortForms.substring(0, shortForms.indexOf("Cluster: !ImportValue !Sub")).split("\n").length;

        assertThat(shortForms).contains("Cluster: !ImportValue !Sub '${ClusterStack}-ClusterName'");
        assertThatThrownBy(() -> TemplateParser.parse(shortForms))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Template format error: YAML not well-formed. (line " + line + ", column 29)");
    }
}
