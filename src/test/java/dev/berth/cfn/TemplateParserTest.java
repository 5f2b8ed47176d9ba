package dev.berth.cfn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TemplateParserTest {
    private static final String BUCKET = "Resources:\n  B: {Type: AWS::S3::Bucket}\n";

    private static final String FULL = """
            AWSTemplateFormatVersion: 2010-09-09
            Description: A web service
            Transform: AWS::LanguageExtensions
            Parameters:
              Version:
                Type: String
                Description: Image tag
                AllowedPattern: '[0-9.]+'
                MinLength: 1
                MaxLength: 20
                ConstraintDescription: a version such as 1.4.2
              Count:
                Type: Number
                Default: 2
                MinValue: 1
                MaxValue: 10.5
                AllowedValues: [1, 2, 4]
              Secret:
                Type: String
                NoEcho: true
            Mappings:
              Sizes: {small: {Cpu: 256}}
            Conditions:
              Many: !Not [!Equals [!Ref Count, 1]]
            Resources:
              Logs:
                Type: AWS::Logs::LogGroup
                DeletionPolicy: Retain
                UpdateReplacePolicy: Snapshot
                Properties:
                  RetentionInDays: 7
              Service:
                Type: AWS::ECS::Service
                DependsOn: Logs
                Condition: Many
                Metadata: {Owner: web}
                UpdatePolicy: {AutoScalingRollingUpdate: {MinInstancesInService: 1}}
                CreationPolicy: {ResourceSignal: {Count: 1}}
                Properties:
                  DesiredCount: !Ref Count
              Alarm:
                Type: Custom::Alarm-Hook
                DependsOn: [Logs, Service]
            Outputs:
              LogGroup:
                Description: Where logs go
                Value: !Ref Logs
                Export: {Name: !Sub '${AWS::StackName}-logs'}
                Condition: Many
            """;

    @Test
    void sectionsAreReadInDeclarationOrder() {
        Template template = TemplateParser.parse(FULL);

        assertThat(template.formatVersion()).contains("2010-09-09");
        assertThat(template.description()).contains("A web service");
        assertThat(template.transform()).containsExactly("AWS::LanguageExtensions");
        assertThat(template.parameters()).containsOnlyKeys("Version", "Count", "Secret");
        assertThat(template.parameters().keySet()).containsExactly("Version", "Count", "Secret");
        assertThat(template.mappings().get("Sizes")).isEqualTo(Json.of("{\"small\":{\"Cpu\":256}}"));
        assertThat(template.conditions().get("Many"))
                .isEqualTo(Json.of("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"Count\"},1]}]}"));
        assertThat(template.resources().keySet()).containsExactly("Logs", "Service", "Alarm");
        assertThat(template.outputs().keySet()).containsExactly("LogGroup");
        assertThat(template.body()).isEqualTo(FULL);
        assertThat(template.toJson().get("Resources").get("Service").get("Properties"))
                .isEqualTo(Json.of("{\"DesiredCount\":{\"Ref\":\"Count\"}}"));
    }

    @Test
    void parameterDeclarationsKeepEveryProperty() {
        Template template = TemplateParser.parse(FULL);

        ParameterDeclaration version = template.parameters().get("Version");
        assertThat(version.type().name()).isEqualTo("String");
        assertThat(version.description()).contains("Image tag");
        assertThat(version.allowedPattern()).contains("[0-9.]+");
        assertThat(version.minLength()).isEqualTo(OptionalInt.of(1));
        assertThat(version.maxLength()).isEqualTo(OptionalInt.of(20));
        assertThat(version.constraintDescription()).contains("a version such as 1.4.2");
        assertThat(version.defaultValue()).isEmpty();
        assertThat(version.noEcho()).isFalse();

        ParameterDeclaration count = template.parameters().get("Count");
        assertThat(count.type().isNumber()).isTrue();
        assertThat(count.defaultValue()).contains("2");
        assertThat(count.allowedValues()).containsExactly("1", "2", "4");
        assertThat(count.minValue()).contains(new BigDecimal("1"));
        assertThat(count.maxValue()).contains(new BigDecimal("10.5"));

        assertThat(template.parameters().get("Secret").noEcho()).isTrue();
    }

    @Test
    void resourceDeclarationsKeepEveryAttribute() {
        Template template = TemplateParser.parse(FULL);

        ResourceDeclaration logs = template.resources().get("Logs");
        assertThat(logs.logicalId()).isEqualTo("Logs");
        assertThat(logs.type()).isEqualTo("AWS::Logs::LogGroup");
        assertThat(logs.deletionPolicy()).contains("Retain");
        assertThat(logs.updateReplacePolicy()).contains("Snapshot");
        assertThat(logs.properties()).isEqualTo(Json.of("{\"RetentionInDays\":7}"));
        assertThat(logs.dependsOn()).isEmpty();
        assertThat(logs.condition()).isEmpty();

        ResourceDeclaration service = template.resources().get("Service");
        assertThat(service.dependsOn()).containsExactly("Logs");
        assertThat(service.condition()).contains("Many");
        assertThat(service.metadata()).contains(Json.of("{\"Owner\":\"web\"}"));
        assertThat(service.updatePolicy()).contains(Json.of("{\"AutoScalingRollingUpdate\":{\"MinInstancesInService\":1}}"));
        assertThat(service.creationPolicy()).contains(Json.of("{\"ResourceSignal\":{\"Count\":1}}"));

        ResourceDeclaration alarm = template.resources().get("Alarm");
        assertThat(alarm.dependsOn()).containsExactly("Logs", "Service");
        assertThat(alarm.properties()).isEmpty();
    }

    @Test
    void outputDeclarationsKeepValueExportAndCondition() {
        OutputDeclaration output = TemplateParser.parse(FULL).outputs().get("LogGroup");

        assertThat(output.value()).isEqualTo(Json.of("{\"Ref\":\"Logs\"}"));
        assertThat(output.description()).contains("Where logs go");
        assertThat(output.exportName()).contains(Json.of("{\"Fn::Sub\":\"${AWS::StackName}-logs\"}"));
        assertThat(output.condition()).contains("Many");
    }

    @Test
    void aParsedTemplateCannotBeChangedThroughWhatItHandsOut() {
        Template template = TemplateParser.parse(FULL);

        template.resources().get("Logs").properties().put("RetentionInDays", 1);
        template.toJson().remove("Resources");
        template.conditions().get("Many").isObject();

        assertThat(template.resources().get("Logs").properties()).isEqualTo(Json.of("{\"RetentionInDays\":7}"));
        assertThat(template.toJson().has("Resources")).isTrue();
        assertThatThrownBy(() -> template.resources().remove("Logs")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void jsonTemplatesReadTheSameAsYaml() {
        Template yaml = TemplateParser.parse(FULL);
        Template json = TemplateParser.parse(Json.write(yaml.toJson()));

        assertThat(json.toJson()).isEqualTo(yaml.toJson());
        assertThat(json.parameters()).isEqualTo(yaml.parameters());
        assertThat(json.resources()).isEqualTo(yaml.resources());
    }

    @Test
    void jsonTemplatesKeepNumbersAsWrittenAndTheLastOfRepeatedKeys() {
        Template template = TemplateParser.parse("""
                {"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"Ratio": 1.50, "Ratio": 2.50}}}}""");

        assertThat(Json.write(template.resources().get("B").properties())).isEqualTo("{\"Ratio\":2.50}");
    }

    @Test
    void resourceTypesThatCloudFormationKnowsTheShapeOfAreAccepted() {
        assertThatCode(() -> TemplateParser.parse("""
                Resources:
                  A: {Type: AWS::CloudFormation::WaitConditionHandle}
                  B: {Type: Custom::My_Hook-2@x}
                  C: {Type: Alexa::ASK::Skill}
                """)).doesNotThrowAnyException();
    }

    @Test
    void everyParameterTypeCloudFormationDocumentsIsAccepted() {
        String types = String.join("\n", List.of("String", "Number", "List<Number>", "CommaDelimitedList",
                "AWS::EC2::KeyPair::KeyName", "AWS::EC2::Subnet::Id", "List<AWS::EC2::Subnet::Id>",
                "AWS::EC2::VPC::Id", "List<AWS::EC2::SecurityGroup::Id>", "AWS::Route53::HostedZone::Id",
                "AWS::SSM::Parameter::Name", "AWS::SSM::Parameter::Value<String>",
                "AWS::SSM::Parameter::Value<List<String>>", "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"));
        StringBuilder parameters = new StringBuilder("Parameters:\n");
        int i = 0;
        for (String type : types.split("\n")) {
            parameters.append("  P").append(i++).append(": {Type: '").append(type).append("'}\n");
        }
        Template template = TemplateParser.parse(parameters + BUCKET);
        assertThat(template.parameters()).hasSize(14);
        assertThat(template.parameters().get("P6").type().isList()).isTrue();
        assertThat(template.parameters().get("P6").type().isAwsSpecific()).isTrue();
        assertThat(template.parameters().get("P12").type().isList()).isTrue();
        assertThat(template.parameters().get("P12").type().isAwsSpecific()).isFalse();
    }

    @Test
    void referencesThroughEitherBranchOfAnIfOnlyNeedToExist() {
        assertThatCode(() -> TemplateParser.parse("""
                Parameters:
                  Env: {Type: String}
                Conditions:
                  IsProd: !Equals [!Ref Env, prod]
                Resources:
                  A:
                    Type: AWS::SNS::Topic
                    Properties:
                      DisplayName: !If [IsProd, !Ref B, !Ref 'AWS::NoValue']
                  B:
                    Type: AWS::SNS::Topic
                    Properties:
                      DisplayName: !If [IsProd, !GetAtt A.TopicName, x]
                """)).doesNotThrowAnyException();
    }

    static Stream<Arguments> invalidTemplates() {
        return Stream.of(
                arguments("no Resources", "Description: nothing\n",
                        "Template format error: At least one Resources member must be defined."),
                arguments("empty Resources", "Resources: {}\n",
                        "Template format error: At least one Resources member must be defined."),
                arguments("malformed YAML", "Resources:\n  B: {Type: AWS::S3::Bucket\n",
                        "Template format error: YAML not well-formed. (line 3, column 1)"),
                arguments("malformed JSON", "{\"Resources\": {\"B\": }}",
                        "Template format error: JSON not well-formed. (line 1, column 21)"),
                arguments("JSON with trailing text", "{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\"}}} x",
                        "Template format error: JSON not well-formed. (line 1, column 51)"),
                arguments("a list, not a template", "- a\n- b\n", "Template format error: unsupported structure."),
                arguments("empty body", "  \n", "Template format error: unsupported structure."),
                arguments("unknown section", "Resources:\n  B: {Type: AWS::S3::Bucket}\nBogus: 1\nOther: 2\n",
                        "Invalid template property or properties [Bogus, Other]"),
                arguments("unsupported format version", "AWSTemplateFormatVersion: 2011-01-01\n" + BUCKET,
                        "Template format error: unsupported value for AWSTemplateFormatVersion."),
                arguments("long description", "Description: " + "x".repeat(1025) + "\n" + BUCKET,
                        "Template format error: 'Description' length is greater than 1024."),
                arguments("null value", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Name:\n",
                        "[/Resources/B/Properties/Name] 'null' values are not allowed in templates"),
                arguments("empty Outputs section", BUCKET + "Outputs:\n",
                        "[/Outputs] 'null' values are not allowed in templates"),
                arguments("resource without Type", "Resources:\n  B:\n    Properties: {}\n",
                        "Template format error: [/Resources/B] Every Resources object must contain a Type member."),
                arguments("resource attribute misspelt", "Resources:\n  B: {Type: AWS::S3::Bucket, Propertes: {}}\n",
                        "Invalid template resource property 'Propertes'"),
                arguments("unrecognized resource types",
                        "Resources:\n  A: {Type: AWS::S3}\n  B: {Type: Foo::Bar::Baz}\n  C: {Type: AWS::S3}\n",
                        "Template format error: Unrecognized resource types: [AWS::S3, Foo::Bar::Baz]"),
                arguments("resource Condition not declared", "Resources:\n  B: {Type: AWS::S3::Bucket, Condition: Nope}\n",
                        "Template format error: Condition Nope is not defined."),
                arguments("output Condition not declared", BUCKET + "Outputs:\n  O: {Value: x, Condition: Nope}\n",
                        "Template format error: Condition Nope is not defined."),
                arguments("resource Condition not a string",
                        "Resources:\n  B: {Type: AWS::S3::Bucket, Condition: [a]}\n",
                        "Template format error: Every Condition member must be a string."),
                arguments("parameter property misspelt", "Parameters:\n  P: {Type: String, Defualt: x}\n" + BUCKET,
                        "Invalid template parameter property 'Defualt'"),
                arguments("parameter without Type", "Parameters:\n  P: {Default: x}\n" + BUCKET,
                        "Template format error: Every Parameters object must contain a Type member."),
                arguments("unrecognized parameter type", "Parameters:\n  P: {Type: Strin}\n" + BUCKET,
                        "Template format error: Unrecognized parameter type: Strin"),
                arguments("unrecognized AWS-specific type", "Parameters:\n  P: {Type: 'AWS::EC2::Subnet::ID'}\n" + BUCKET,
                        "Template format error: Unrecognized parameter type: AWS::EC2::Subnet::ID"),
                arguments("key pairs come one at a time", "Parameters:\n  P: {Type: 'List<AWS::EC2::KeyPair::KeyName>'}\n"
                        + BUCKET, "Template format error: Unrecognized parameter type: List<AWS::EC2::KeyPair::KeyName>"),
                arguments("output without Value", BUCKET + "Outputs:\n  O: {Description: d}\n",
                        "Template format error: Every Outputs member must contain a Value object"),
                arguments("Ref to nothing", "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {N: !Ref Nope}}\n",
                        "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template"),
                arguments("misspelt pseudo parameter",
                        "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {N: !Ref 'AWS::Resion'}}\n",
                        "Template format error: Unresolved resource dependencies [AWS::Resion] in the Resources block of the template"),
                arguments("Sub variable naming nothing, and a DependsOn",
                        "Resources:\n  B: {Type: AWS::S3::Bucket, DependsOn: Gone, Properties: {N: !Sub '${Nope}-${AWS::Region}'}}\n",
                        "Template format error: Unresolved resource dependencies [Gone, Nope] in the Resources block of the template"),
                arguments("reference in an If branch", "Conditions:\n  C: !Equals [a, b]\n"
                        + "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {N: !If [C, x, !Ref Nope]}}\n",
                        "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template"),
                arguments("Ref to nothing in Outputs", BUCKET + "Outputs:\n  O: {Value: !Ref Nope}\n",
                        "Template format error: Unresolved resource dependencies [Nope] in the Outputs block of the template"),
                arguments("GetAtt of nothing", "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {N: !GetAtt Nope.Arn}}\n",
                        "Template error: instance of Fn::GetAtt references undefined resource Nope"),
                arguments("GetAtt of a parameter", "Parameters:\n  P: {Type: String}\n"
                        + "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {N: !GetAtt P.Arn}}\n",
                        "Template error: instance of Fn::GetAtt references undefined resource P"),
                arguments("dotted Sub variable naming nothing",
                        "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {N: !Sub '${Nope.Arn}'}}\n",
                        "Template error: instance of Fn::GetAtt references undefined resource Nope"),
                arguments("GetAtt without attribute", "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {N: !GetAtt B}}\n",
                        "Template error: every Fn::GetAtt object requires two non-empty parameters"),
                arguments("If on an undeclared condition",
                        "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {N: !If [Nope, a, b]}}\n",
                        "Template error: unresolved condition dependency Nope in Fn::If"),
                arguments("Sub variable with a space",
                        "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {N: !Sub '${ AWS::Region }'}}\n",
                        "Template error: variable names in Fn::Sub syntax must contain only alphanumeric characters, "
                                + "underscores, periods, and colons"),
                arguments("Sub variable with a dash", "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {N: !Sub '${FOO:-x}'}}\n",
                        "Template error: variable names in Fn::Sub syntax must contain only alphanumeric characters, "
                                + "underscores, periods, and colons"),
                arguments("Ref of a list", "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {N: {Ref: [a]}}}\n",
                        "Template error: every Ref object must have a single String value."),
                arguments("condition on a resource", "Conditions:\n  C: !Equals [!Ref B, x]\n" + BUCKET,
                        "Template format error: Unresolved dependencies [B]. Cannot reference resources in the "
                                + "Conditions block of the template"),
                arguments("condition on nothing", "Conditions:\n  C: !Equals [!Ref AdminEmail, x]\n" + BUCKET,
                        "Template format error: Unresolved dependencies [AdminEmail]. Cannot reference resources in the "
                                + "Conditions block of the template"),
                arguments("condition on an import", "Conditions:\n  C: !Equals [{Fn::ImportValue: x}, y]\n" + BUCKET,
                        "Template error: Cannot use Fn::ImportValue in Conditions"),
                arguments("condition on an undeclared condition", "Conditions:\n  A: !Not [!Condition Nope]\n" + BUCKET,
                        "Template format error: Unresolved condition dependencies [Nope] in the Conditions block of the template"),
                arguments("conditions in a cycle",
                        "Conditions:\n  A: !Not [!Condition B]\n  B: !Not [!Condition A]\n  C: !Equals [a, a]\n" + BUCKET,
                        "Template format error: Circular dependency between conditions: [A, B]"),
                arguments("resources in a cycle", """
                        Resources:
                          A: {Type: AWS::SNS::Topic, Properties: {DisplayName: !GetAtt B.TopicName}}
                          B: {Type: AWS::SNS::Topic, Properties: {DisplayName: !Sub '${C}'}}
                          C: {Type: AWS::SNS::Topic, DependsOn: A}
                          D: {Type: AWS::SNS::Topic, DependsOn: C}
                          E: {Type: AWS::SNS::Topic}
                        """, "Circular dependency between resources: [A, B, C, D]"),
                arguments("resource depending on itself", "Resources:\n  A: {Type: AWS::SNS::Topic, DependsOn: A}\n",
                        "Circular dependency between resources: [A]"),
                arguments("export name from a resource", BUCKET + "Outputs:\n  O: {Value: x, Export: {Name: !Ref B}}\n",
                        "Template format error: Output O is malformed.  The Name field of Export must not depend on any "
                                + "resources, imported values, or Fn::GetAZs."),
                arguments("export name from the AZs", BUCKET
                        + "Outputs:\n  O: {Value: x, Export: {Name: !Select [0, !GetAZs '']}}\n",
                        "Template format error: Output O is malformed.  The Name field of Export must not depend on any "
                                + "resources, imported values, or Fn::GetAZs."),
                arguments("import name from a resource",
                        "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {N: {Fn::ImportValue: !Sub '${B}-x'}}}\n",
                        "Template error: the attribute in Fn::ImportValue must not depend on any resources, imported "
                                + "values, or Fn::GetAZs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTemplates")
    void invalidTemplatesAreRefusedWithCloudFormationsMessage(String name, String body, String message) {
        assertThatThrownBy(() -> TemplateParser.parse(body))
                .isInstanceOf(TemplateException.class)
                .hasMessage(message);
    }

    @Test
    void anExportNameMayUseTheStackNameAndParameters() {
        assertThatCode(() -> TemplateParser.parse("Parameters:\n  Env: {Type: String}\n" + BUCKET
                + "Outputs:\n  O: {Value: !Ref B, Export: {Name: !Sub '${AWS::StackName}-${Env}-bucket'}}\n"))
                .doesNotThrowAnyException();
    }
}
