package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every intrinsic function, written in YAML short form and evaluated; each case runs again from the same template
 * written as JSON in long form, which must give the same value.
 */
class IntrinsicFunctionsTest {
    private static final String TEMPLATE = """
            Parameters:
              Env: {Type: String, Default: dev}
              Subnets: {Type: CommaDelimitedList, Default: 'subnet-1, subnet-2,subnet-3'}
              Ports: {Type: List<Number>, Default: '80,443'}
              Count: {Type: Number, Default: 3}
              Attr: {Type: String, Default: Arn}
            Mappings:
              RegionMap:
                us-east-1: {Ami: ami-east, Size: 2, Zones: [a, b]}
                eu-west-1: {Ami: ami-west, Size: 3}
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
              IsDev: !Not [!Condition IsProd]
            Resources:
              Bucket: {Type: AWS::S3::Bucket}
              R:
                Type: AWS::SQS::Queue
                Properties:
                  P: %s
            """;

    private static final TestContext CONTEXT = TestContext.of(Map.of())
            .withAttribute("Bucket.Arn", "arn:aws:s3:::phys-Bucket")
            .withAttribute("Bucket.Tags", Json.of("[\"team\",\"web\"]"))
            .withExport("shared-vpc", "vpc-1")
            .withExport("dev-vpc", "vpc-dev");

    /** Property P of resource R, as the YAML template and as its JSON rewrite; null when AWS::NoValue removed it. */
    private static List<JsonNode> evaluateBothWays(String expression) {
        return TestContext.yamlAndJson(TEMPLATE.formatted(expression)).stream()
                .map(body -> CONTEXT.propertiesWithDefaults(body, "R").get("P"))
                .toList();
    }

    static Stream<Arguments> values() {
        return Stream.of(
                arguments("!Ref Env", "'dev'"),
                arguments("!Ref Count", "'3'"),
                arguments("!Ref Subnets", "['subnet-1','subnet-2','subnet-3']"),
                arguments("!Ref Ports", "['80','443']"),
                arguments("!Ref Bucket", "'phys-Bucket'"),
                arguments("!Ref 'AWS::Region'", "'us-east-1'"),
                arguments("!Ref 'AWS::AccountId'", "'123456789012'"),
                arguments("!Ref 'AWS::StackName'", "'web'"),
                arguments("!Ref 'AWS::StackId'",
                        "'arn:aws:cloudformation:us-east-1:123456789012:stack/web/6f1c2b30-0000-0000-0000-000000000001'"),
                arguments("!Ref 'AWS::Partition'", "'aws'"),
                arguments("!Ref 'AWS::URLSuffix'", "'amazonaws.com'"),
                arguments("!Ref 'AWS::NotificationARNs'", "[]"),
                arguments("!Ref 'AWS::NoValue'", null),
                arguments("!GetAtt Bucket.Arn", "'arn:aws:s3:::phys-Bucket'"),
                arguments("!GetAtt [Bucket, !Ref Attr]", "'arn:aws:s3:::phys-Bucket'"),
                arguments("!GetAtt Bucket.Tags", "['team','web']"),
                arguments("!Join ['-', [a, !Ref Env, 3]]", "'a-dev-3'"),
                arguments("!Join [',', !Ref Subnets]", "'subnet-1,subnet-2,subnet-3'"),
                arguments("!Join ['', []]", "''"),
                arguments("!Join [',', [a, !Ref 'AWS::NoValue', b]]", "'a,b'"),
                arguments("!Join [':', !GetAZs '']", "'us-east-1a:us-east-1b:us-east-1c'"),
                arguments("!Join ['', [!Sub '${Env}-', !If [IsProd, p, d]]]", "'dev-d'"),
                arguments("!Select [1, [a, b, c]]", "'b'"),
                arguments("!Select ['2', !Ref Subnets]", "'subnet-3'"),
                arguments("!Select [0, !GetAZs '']", "'us-east-1a'"),
                arguments("!Select [!Ref Count, [a, b, c, d]]", "'d'"),
                arguments("!Select [1, [a, {k: v}]]", "{'k':'v'}"),
                arguments("!Split [',', 'a,b,,c']", "['a','b','','c']"),
                arguments("!Split ['::', 'a::b']", "['a','b']"),
                arguments("!Join ['-', !Split [',', 'a,b']]", "'a-b'"),
                arguments("!Select [2, !Split ['/', !Sub 'arn/${Env}/y']]", "'y'"),
                arguments("!FindInMap [RegionMap, !Ref 'AWS::Region', Ami]", "'ami-east'"),
                arguments("!FindInMap [RegionMap, eu-west-1, Size]", "3"),
                arguments("!FindInMap [RegionMap, us-east-1, Zones]", "['a','b']"),
                arguments("!GetAZs ''", "['us-east-1a','us-east-1b','us-east-1c']"),
                arguments("!GetAZs eu-west-1", "['eu-west-1a','eu-west-1b','eu-west-1c']"),
                arguments("!GetAZs {Ref: 'AWS::Region'}", "['us-east-1a','us-east-1b','us-east-1c']"),
                arguments("!Base64 hello world", "'aGVsbG8gd29ybGQ='"),
                arguments("{Fn::Base64: !Sub '${Env}-x'}", "'ZGV2LXg='"),
                arguments("!Cidr [192.168.0.0/24, 6, 5]", "['192.168.0.0/27','192.168.0.32/27','192.168.0.64/27',"
                        + "'192.168.0.96/27','192.168.0.128/27','192.168.0.160/27']"),
                arguments("!Cidr [10.0.7.9/16, '2', '8']", "['10.0.0.0/24','10.0.1.0/24']"),
                arguments("!Cidr ['2600:1f18:abc:de00::/56', 2, 64]",
                        "['2600:1f18:abc:de00::/64','2600:1f18:abc:de01::/64']"),
                arguments("!Select [1, !Cidr [!Sub '10.${Count}.0.0/16', 3, 12]]", "'10.3.16.0/20'"),
                arguments("!If [IsProd, big, small]", "'small'"),
                arguments("!If [IsDev, !Ref Env, x]", "'dev'"),
                arguments("!If [IsProd, x, !If [IsDev, {Nested: !Ref Count}, y]]", "{'Nested':'3'}"),
                arguments("[a, !If [IsProd, b, !Ref 'AWS::NoValue'], c]", "['a','c']"),
                arguments("{Keep: 1, Drop: !If [IsProd, x, !Ref 'AWS::NoValue']}", "{'Keep':1}"),
                arguments("!If [IsProd, x, !Ref 'AWS::NoValue']", null),
                arguments("{Fn::ImportValue: shared-vpc}", "'vpc-1'"),
                arguments("{Fn::ImportValue: !Sub '${Env}-vpc'}", "'vpc-dev'"),
                arguments("!Length [a, b, c]", "3"),
                arguments("!Length {Ref: Subnets}", "3"),
                arguments("!ToJsonString {a: 1, b: [x, !Ref Env]}", "'{\\\"a\\\":1,\\\"b\\\":[\\\"x\\\",\\\"dev\\\"]}'"),
                arguments("!Equals [!Ref Count, 3]", "true"),
                arguments("[1.50, true, 8080, '8080', 2010-09-09]", "[1.50, true, 8080, '8080', '2010-09-09']"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void functionsGivePlainJson(String expression, String expected) {
        for (JsonNode value : evaluateBothWays(expression)) {
            if (expected == null) {
                assertThat(value).isNull();
            } else {
                assertThat(value).isEqualTo(Json.of(expected.replace('\'', '"')));
            }
        }
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments("!Select [5, [a, b]]", "Template error: Fn::Select cannot select nonexistent value at index 5"),
                arguments("!Select [3, !GetAZs '']", "Template error: Fn::Select cannot select nonexistent value at index 3"),
                arguments("!Select [-1, [a]]", "Template error: Fn::Select cannot select nonexistent value at index -1"),
                arguments("!Select [first, [a]]",
                        "Template error: Fn::Select requires a list argument with two elements: an integer index and a list"),
                arguments("!FindInMap [RegionMap, ap-south-1, Ami]",
                        "Template error: Unable to get mapping for RegionMap::ap-south-1::Ami"),
                arguments("!FindInMap [RegionMap, us-east-1, Nope]",
                        "Template error: Unable to get mapping for RegionMap::us-east-1::Nope"),
                arguments("!FindInMap [Nope, a, b]",
                        "Template error: Mapping named 'Nope' is not present in the 'Mappings' section of template."),
                arguments("!FindInMap [RegionMap, us-east-1]", "Template error: every Fn::FindInMap object requires "
                        + "three parameters, the map name, map key and the attribute for return value"),
                arguments("{Fn::ImportValue: nope}", "No export named nope found"),
                arguments("{Fn::ImportValue: !Sub '${Env}-db'}", "No export named dev-db found"),
                arguments("!Join [',', [[a], b]]", "Template error: every Fn::Join object requires two parameters, (1) a "
                        + "string delimiter and (2) a list of strings to be joined or a function that returns a list of "
                        + "strings (such as Fn::GetAZs) to be joined."),
                arguments("!Join [',', !Ref Env]", "Template error: every Fn::Join object requires two parameters, (1) a "
                        + "string delimiter and (2) a list of strings to be joined or a function that returns a list of "
                        + "strings (such as Fn::GetAZs) to be joined."),
                arguments("!GetAtt Bucket.Nope", "Template error: resource Bucket does not support attribute type Nope "
                        + "in Fn::GetAtt"),
                arguments("!Split [',']", "Template error: every Fn::Split object requires two parameters, (1) a string "
                        + "delimiter and (2) a string to be split or a function that returns a string to be split."),
                arguments("!Cidr [10.0.0.0/24, 9, 5]", "Template error: Fn::Cidr cannot fit 9 blocks of 5 bits in "
                        + "10.0.0.0/24"),
                arguments("!Cidr [10.0.0/16, 1, 8]", "Template error: Fn::Cidr ipBlock 10.0.0/16 is not a valid CIDR block"),
                arguments("!Length {Ref: Env}", "Template error: Fn::Length requires a list"),
                arguments("!Sub '${Subnets}'",
                        "Template error: variable Subnets in Fn::Sub expression does not resolve to a string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void functionsThatCannotApplyFailWithCloudFormationsMessage(String expression, String message) {
        for (String body : TestContext.yamlAndJson(TEMPLATE.formatted(expression))) {
            assertThatThrownBy(() -> CONTEXT.propertiesWithDefaults(body, "R"))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage(message);
        }
    }
}
