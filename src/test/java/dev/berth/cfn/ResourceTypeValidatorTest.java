package dev.berth.cfn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Templates refused, and kept, as CloudFormation does once it looks up their resource types. */
class ResourceTypeValidatorTest {
    private static void validate(String body) {
        ResourceTypeValidator.validate(TemplateParser.parse(body));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("Resources:\n  SG: {Type: AWS::EC2::SecurityGroupp, Properties: {GroupDescription: x}}\n",
                        "Template format error: Unrecognized resource types: [AWS::EC2::SecurityGroupp]"),
                arguments("""
                        Resources:
                          A: {Type: AWS::ECS::Servce}
                          B: {Type: AWS::SNS::Topic}
                          C: {Type: AWS::S3::Buckett}
                          D: {Type: AWS::ECS::Servce}
                        """, "Template format error: Unrecognized resource types: [AWS::ECS::Servce, AWS::S3::Buckett]"),
                arguments("""
                        Resources:
                          Topic: {Type: AWS::SNS::Topic}
                          Q: {Type: AWS::SQS::Queue, Properties: {QueueName: !GetAtt Topic.Arn}}
                        """, "Template error: resource Topic does not support attribute type Arn in Fn::GetAtt"),
                arguments("""
                        Resources:
                          Service: {Type: AWS::ECS::Service}
                        Outputs:
                          Arn: {Value: !GetAtt [Service, Arn]}
                        """, "Template error: resource Service does not support attribute type Arn in Fn::GetAtt"),
                arguments("""
                        Resources:
                          Db: {Type: AWS::RDS::DBInstance}
                          Topic: {Type: AWS::SNS::Topic, Properties: {DisplayName: !Sub 'db at ${Db.Endpoint.Adress}'}}
                        """, "Template error: resource Db does not support attribute type Endpoint.Adress in Fn::GetAtt"),
                arguments("""
                        Parameters:
                          On: {Type: String}
                        Conditions:
                          IsOn: !Equals [!Ref On, 'yes']
                        Resources:
                          Child: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: https://x/t.yaml}}
                          Topic:
                            Type: AWS::SNS::Topic
                            Properties:
                              DisplayName: !If [IsOn, !GetAtt Child.Outputs.Name, !GetAtt Child.Name]
                        """, "Template error: resource Child does not support attribute type Name in Fn::GetAtt"),
                // a resource whose condition is false is still checked
                arguments("""
                        Conditions:
                          Never: !Equals [a, b]
                        Resources:
                          Role: {Type: AWS::IAM::Role, Condition: Never}
                          Topic: {Type: AWS::SNS::Topic, Condition: Never, Properties: {DisplayName: !GetAtt Role.RoleArn}}
                        """, "Template error: resource Role does not support attribute type RoleArn in Fn::GetAtt"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesWhatCloudFormationRefuses(String body, String message) {
        assertThatThrownBy(() -> validate(body)).isInstanceOf(TemplateException.class).hasMessage(message);
    }

    static Stream<String> accepted() {
        return Stream.of(
                """
                Resources:
                  Db: {Type: AWS::RDS::DBInstance}
                  Child: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: https://x/t.yaml}}
                  Hook: {Type: Custom::Migrations, Properties: {ServiceToken: arn:aws:lambda:us-east-1:1:function:f}}
                  Legacy: {Type: AWS::CloudFormation::CustomResource, Properties: {ServiceToken: arn:aws:sns:us-east-1:1:t}}
                  Topic:
                    Type: AWS::SNS::Topic
                    Properties:
                      DisplayName: !Sub '${Db.Endpoint.Address}:${Db.Endpoint.Port} ${Child.Outputs.Url} ${Hook.Any.Thing}'
                Outputs:
                  Arn: {Value: !GetAtt Legacy.Whatever}
                  Name: {Value: !GetAtt [Topic, TopicName]}
                """,
                // an attribute named by a function is CloudFormation's to resolve later
                """
                Parameters:
                  Attribute: {Type: String, Default: TopicName}
                Resources:
                  Topic: {Type: AWS::SNS::Topic}
                Outputs:
                  Value: {Value: !GetAtt [Topic, !Ref Attribute]}
                """,
                // a Sub variable given in the map is not a GetAtt
                """
                Resources:
                  Topic: {Type: AWS::SNS::Topic, Properties: {DisplayName: !Sub ['${A.B}', {A.B: x}]}}
                """,
                // the facts describe what SAM produces, not what it is given
                """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Fn: {Type: AWS::Serverless::Function}
                Outputs:
                  Arn: {Value: !GetAtt Fn.Arn}
                """);
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void keepsWhatCloudFormationKeeps(String body) {
        assertThatCode(() -> validate(body)).doesNotThrowAnyException();
    }

    @Test
    void languageExtensionsStillNamesCloudFormationTypes() {
        assertThatThrownBy(() -> validate("Transform: AWS::LanguageExtensions\nResources:\n  A: {Type: AWS::SNS::Topicc}\n"))
                .hasMessage("Template format error: Unrecognized resource types: [AWS::SNS::Topicc]");
    }

    @Test
    void berthsOwnTemplatesAndTheTestTemplatesValidate() throws IOException {
        List<Path> templates;
        try (Stream<Path> bundled = Files.list(Path.of("resources", "dev", "berth", "cloudformation"));
             Stream<Path> tests = Files.list(Path.of("src", "test", "resources", "dev", "berth"))) {
            templates = Stream.concat(bundled, tests).filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(templates).hasSizeGreaterThanOrEqualTo(4);
        for (Path template : templates) {
            String body = Files.readString(template);
            assertThatCode(() -> validate(body)).as(template.toString()).doesNotThrowAnyException();
        }
    }
}
