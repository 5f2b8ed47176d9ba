package dev.berth.cfn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ParameterResolverTest {
    private static final Template TEMPLATE = TemplateParser.parse("""
            Parameters:
              Env: {Type: String, AllowedValues: [dev, prod], Default: dev}
              Version: {Type: String, AllowedPattern: '[0-9]+\\.[0-9]+\\.[0-9]+', MinLength: 5, MaxLength: 12}
              Count: {Type: Number, MinValue: 1, MaxValue: 10, Default: 2}
              Ratio: {Type: Number, MinValue: 0.5, Default: 1.50}
              Ports: {Type: List<Number>, Default: '80, 443'}
              Subnets: {Type: CommaDelimitedList, Default: 'subnet-a,subnet-b'}
              Tiers: {Type: CommaDelimitedList, AllowedValues: [web, api, worker], Default: web}
              Key: {Type: 'AWS::EC2::KeyPair::KeyName', Default: deploy}
              Groups: {Type: 'List<AWS::EC2::SecurityGroup::Id>', Default: sg-1}
              Ami: {Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: ami-123}
              Password: {Type: String, NoEcho: true, MinLength: 8, AllowedPattern: '[a-z0-9]+',
                         ConstraintDescription: eight or more lower-case letters and digits}
              Enabled: {Type: String, AllowedValues: [true, false], Default: yes}
            Resources:
              B: {Type: AWS::S3::Bucket}
            """);

    private static Map<String, ParameterValue> given(String... namesAndValues) {
        Map<String, ParameterValue> given = new LinkedHashMap<>();
        given.put("Version", ParameterValue.of("1.4.2"));
        given.put("Password", ParameterValue.of("s3cretpassword"));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            given.put(namesAndValues[i], ParameterValue.of(namesAndValues[i + 1]));
        }
        return given;
    }

    @Test
    void defaultsFillWhatIsNotGivenInDeclarationOrder() {
        Map<String, String> values = ParameterResolver.resolve(TEMPLATE, given("Count", "7"));

        assertThat(values).containsExactly(
                entry("Env", "dev"), entry("Version", "1.4.2"), entry("Count", "7"), entry("Ratio", "1.50"),
                entry("Ports", "80, 443"), entry("Subnets", "subnet-a,subnet-b"), entry("Tiers", "web"),
                entry("Key", "deploy"), entry("Groups", "sg-1"), entry("Ami", "ami-123"),
                entry("Password", "s3cretpassword"), entry("Enabled", "true"));
    }

    static Stream<Arguments> acceptedValues() {
        return Stream.of(
                arguments("Env", "prod"),
                arguments("Version", "10.20.300"),
                arguments("Count", "1"),
                arguments("Count", "10"),
                arguments("Count", "1e1"),
                arguments("Ratio", "0.5"),
                arguments("Ports", "8080"),
                arguments("Subnets", ""),
                arguments("Tiers", "web, worker"),
                arguments("Groups", "sg-1,sg-2"),
                arguments("Ami", ""),
                arguments("Enabled", "false"));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("acceptedValues")
    void valuesWithinTheirConstraintsAreAccepted(String name, String value) {
        assertThat(ParameterResolver.resolve(TEMPLATE, given(name, value))).containsEntry(name, value);
    }

    static Stream<Arguments> refusedValues() {
        return Stream.of(
                arguments("Env", "stage", "Parameter 'Env' must be one of AllowedValues"),
                arguments("Env", "Prod", "Parameter 'Env' must be one of AllowedValues"),
                arguments("Version", "1.4.2-rc1", "Parameter 'Version' must match pattern [0-9]+\\.[0-9]+\\.[0-9]+"),
                arguments("Version", "1.4", "Parameter 'Version' must contain at least 5 characters"),
                arguments("Version", "1000.2000.300", "Parameter 'Version' must contain at most 12 characters"),
                arguments("Count", "many", "Parameter 'Count' must be a number."),
                arguments("Count", "", "Parameter 'Count' must be a number."),
                arguments("Count", "0", "Parameter 'Count' must be a number not less than 1"),
                arguments("Count", "10.5", "Parameter 'Count' must be a number not greater than 10"),
                arguments("Ratio", "0.25", "Parameter 'Ratio' must be a number not less than 0.5"),
                arguments("Ports", "80,http", "Parameter 'Ports' must be a number."),
                arguments("Tiers", "web,db", "Parameter 'Tiers' must be one of AllowedValues"),
                arguments("Key", "", "Parameter validation failed: parameter value  for parameter name Key does not exist"),
                arguments("Groups", "", "Parameter validation failed: parameter value  for parameter name Groups does not exist"),
                arguments("Password", "short", "Parameter Password failed to satisfy constraint: eight or more "
                        + "lower-case letters and digits"),
                arguments("Password", "NOT-LOWER-CASE", "Parameter Password failed to satisfy constraint: eight or "
                        + "more lower-case letters and digits"),
                arguments("Enabled", "yes", "Parameter 'Enabled' must be one of AllowedValues"));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("refusedValues")
    void valuesOutsideTheirConstraintsAreRefusedWithCloudFormationsMessage(String name, String value, String message) {
        assertThatThrownBy(() -> ParameterResolver.resolve(TEMPLATE, given(name, value)))
                .isInstanceOf(TemplateException.class)
                .hasMessage(message);
    }

    @Test
    void parametersWithoutValueOrDefaultAreNamedTogether() {
        assertThatThrownBy(() -> ParameterResolver.resolve(TEMPLATE, Map.of()))
                .hasMessage("Parameters: [Version, Password] must have values");
    }

    @Test
    void parametersTheTemplateDoesNotDeclareAreNamedTogether() {
        Map<String, ParameterValue> given = given("Nope", "1", "Other", "2");

        assertThatThrownBy(() -> ParameterResolver.resolve(TEMPLATE, given))
                .hasMessage("Parameters: [Nope, Other] do not exist in the template");
    }

    @Test
    void usePreviousValueKeepsTheStacksCurrentValue() {
        Map<String, ParameterValue> given = new LinkedHashMap<>();
        given.put("Version", ParameterValue.of("1.5.0"));
        given.put("Password", ParameterValue.usePreviousValue());
        given.put("Count", ParameterValue.usePreviousValue());

        Map<String, String> values = ParameterResolver.resolve(TEMPLATE, given,
                Map.of("Version", "1.4.2", "Password", "previoussecret", "Count", "5", "Env", "prod"));

        assertThat(values).contains(entry("Version", "1.5.0"), entry("Password", "previoussecret"),
                entry("Count", "5"), entry("Env", "dev"));
    }

    @Test
    void usePreviousValueNeedsAPreviousValue() {
        Map<String, ParameterValue> given = given("Count", "3");
        given.put("Env", ParameterValue.usePreviousValue());

        assertThatThrownBy(() -> ParameterResolver.resolve(TEMPLATE, given, Map.of("Version", "1.4.2")))
                .hasMessage("Invalid input for parameter key Env. Cannot specify usePreviousValue as true for a "
                        + "parameter key not in the previous template");
    }

    @Test
    void aPreviousValueIsCheckedAgainstTheNewTemplate() {
        Map<String, ParameterValue> given = given();
        given.put("Env", ParameterValue.usePreviousValue());

        assertThatThrownBy(() -> ParameterResolver.resolve(TEMPLATE, given, Map.of("Env", "qa")))
                .hasMessage("Parameter 'Env' must be one of AllowedValues");
    }

    @Test
    void noEchoValuesAreMasked() {
        Map<String, String> values = ParameterResolver.resolve(TEMPLATE, given());

        Map<String, String> shown = NoEchoMask.apply(TEMPLATE, values);

        assertThat(shown).containsEntry("Password", "****").containsEntry("Version", "1.4.2");
        assertThat(shown.keySet()).containsExactlyElementsOf(values.keySet());
        assertThat(ParameterValue.of("s3cretpassword").toString()).doesNotContain("s3cret");
    }
}
