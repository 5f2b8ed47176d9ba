package dev.berth.cfn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class FnSubTest {
    private static final String TEMPLATE = """
            Parameters:
              Env: {Type: String, Default: dev}
              Count: {Type: Number, Default: 3}
              Zones: {Type: CommaDelimitedList, Default: 'a,b'}
            Resources:
              Bucket: {Type: AWS::S3::Bucket}
              Stack: {Type: AWS::CloudFormation::Stack}
              R:
                Type: AWS::SQS::Queue
                Properties:
                  P: %s
            """;

    private static final TestContext CONTEXT = TestContext.of(Map.of())
            .withAttribute("Bucket.Arn", "arn:aws:s3:::phys-Bucket")
            .withAttribute("Stack.Outputs.Url", "https://web.example")
            .withAttribute("Bucket.Zones", Json.of("[\"a\"]"));

    private static List<String> substitute(String expression) {
        return TestContext.yamlAndJson(TEMPLATE.formatted(expression)).stream()
                .map(body -> CONTEXT.propertiesWithDefaults(body, "R").get("P").textValue())
                .toList();
    }

    static Stream<Arguments> substitutions() {
        return Stream.of(
                arguments("!Sub plain text", "plain text"),
                arguments("!Sub '${Env}'", "dev"),
                arguments("!Sub '${Count} tasks'", "3 tasks"),
                arguments("!Sub 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${AWS::StackName}'",
                        "arn:aws:sqs:us-east-1:123456789012:web"),
                arguments("!Sub '${Bucket}/logs'", "phys-Bucket/logs"),
                arguments("!Sub '${Bucket.Arn}/*'", "arn:aws:s3:::phys-Bucket/*"),
                arguments("!Sub '${Stack.Outputs.Url}/health'", "https://web.example/health"),
                arguments("!Sub '${!Literal}'", "${Literal}"),
                arguments("!Sub '${!Env} is ${Env}'", "${Env} is dev"),
                arguments("!Sub '${!Bucket.Arn}'", "${Bucket.Arn}"),
                arguments("!Sub 'costs $5, {braces} and ${'", "costs $5, {braces} and ${"),
                arguments("!Sub '$${Env}'", "$dev"),
                arguments("!Sub '{${Env}}'", "{dev}"),
                arguments("!Sub '${Env}${Env}'", "devdev"),
                arguments("!Sub ['${Name}-${Env}', {Name: !Ref Count}]", "3-dev"),
                arguments("!Sub ['${Env}', {Env: overridden}]", "overridden"),
                arguments("!Sub ['${a.b}', {a.b: dotted}]", "dotted"),
                arguments("!Sub ['${Arn}', {Arn: !GetAtt Bucket.Arn}]", "arn:aws:s3:::phys-Bucket"),
                arguments("!Sub ['${Zones}', {Zones: !Join [',', !Ref Zones]}]", "a,b"),
                arguments("!Sub ['${First}', {First: !Select [0, !GetAZs '']}]", "us-east-1a"),
                arguments("!Sub ['${Port}', {Port: 8080}]", "8080"),
                arguments("!Sub |\n        #!/bin/sh\n        echo ${Env} > /etc/env\n", "#!/bin/sh\necho dev > /etc/env\n"));
    }

    @ParameterizedTest(name = "{0} gives {1}")
    @MethodSource("substitutions")
    void variablesAreSubstituted(String expression, String expected) {
        assertThat(substitute(expression)).containsOnly(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("!Sub '${}'", "Template error: variable names in Fn::Sub syntax must contain only "
                        + "alphanumeric characters, underscores, periods, and colons"),
                arguments("!Sub '${Env-Name}'", "Template error: variable names in Fn::Sub syntax must contain only "
                        + "alphanumeric characters, underscores, periods, and colons"),
                arguments("!Sub '${Nope}'",
                        "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template"),
                arguments("!Sub ['${Env}', [not, a, map]]", "Template error: One or more Fn::Sub intrinsic functions "
                        + "don't specify expected arguments. Specify a string as first argument, and an optional second "
                        + "argument to specify a mapping of values to replace in the string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void malformedSubstitutionsAreRefusedWithTheTemplate(String expression, String message) {
        assertThatThrownBy(() -> TemplateParser.parse(TEMPLATE.formatted(expression)))
                .isInstanceOf(TemplateException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> notStrings() {
        return Stream.of(
                arguments("!Sub '${Zones}'", "Zones"),
                arguments("!Sub '${Bucket.Zones}'", "Bucket.Zones"),
                arguments("!Sub ['${L}', {L: [a, b]}]", "L"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notStrings")
    void aVariableMustResolveToAString(String expression, String variable) {
        assertThatThrownBy(() -> substitute(expression))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Template error: variable " + variable + " in Fn::Sub expression does not resolve to a string");
    }
}
