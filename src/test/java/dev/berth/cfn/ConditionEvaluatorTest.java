package dev.berth.cfn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ConditionEvaluatorTest {
    private static final String PARAMETERS = """
            Parameters:
              Env: {Type: String, Default: dev}
              Size: {Type: Number, Default: 2}
              Flag: {Type: String, AllowedValues: [true, false], Default: 'false'}
              Zones: {Type: CommaDelimitedList, Default: 'a,b'}
              Optional: {Type: String, Default: ''}
            Mappings:
              Envs: {prod: {Alarms: 'yes'}, dev: {Alarms: 'no'}}
            """;
    private static final String BUCKET = "Resources:\n  B: {Type: AWS::S3::Bucket}\n";

    private static Map<String, Boolean> conditions(String conditions, Map<String, String> given) {
        Template template = TemplateParser.parse(PARAMETERS + "Conditions:\n" + conditions + BUCKET);
        Map<String, ParameterValue> values = new HashMap<>();
        given.forEach((name, value) -> values.put(name, ParameterValue.of(value)));
        return ConditionEvaluator.evaluate(template, TestContext.of(ParameterResolver.resolve(template, values)));
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                arguments("!Equals [!Ref Env, dev]", Map.of(), true),
                arguments("!Equals [!Ref Env, dev]", Map.of("Env", "prod"), false),
                arguments("!Equals [!Ref Size, 2]", Map.of(), true),
                arguments("!Equals [!Ref Flag, true]", Map.of("Flag", "true"), true),
                arguments("!Equals [!Ref Flag, true]", Map.of(), false),
                arguments("!Equals [!Ref Optional, '']", Map.of(), true),
                arguments("!Not [!Equals [!Ref Optional, '']]", Map.of("Optional", "x"), true),
                arguments("!Equals [!Ref Zones, [a, b]]", Map.of(), true),
                arguments("!Equals [!Select [1, !Ref Zones], b]", Map.of(), true),
                arguments("!Equals [!Ref 'AWS::Region', us-east-1]", Map.of(), true),
                arguments("!Equals [!Sub '${Env}-${Size}', prod-2]", Map.of("Env", "prod"), true),
                arguments("!Equals [!FindInMap [Envs, !Ref Env, Alarms], 'yes']", Map.of("Env", "prod"), true),
                arguments("!Equals [!Join ['', [!Ref Env, x]], devx]", Map.of(), true),
                arguments("!And [!Equals [a, a], !Equals [b, b]]", Map.of(), true),
                arguments("!And [!Equals [a, a], !Equals [b, c]]", Map.of(), false),
                arguments("!Or [!Equals [a, b], !Equals [b, c]]", Map.of(), false),
                arguments("!Or [!Equals [a, b], !Equals [c, c], !Equals [d, e]]", Map.of(), true),
                arguments("!Not [!Or [!Equals [a, b], !Not [!Equals [c, c]]]]", Map.of(), true));
    }

    @ParameterizedTest(name = "{0} with {1} is {2}")
    @MethodSource("conditions")
    void conditionFunctionsEvaluate(String definition, Map<String, String> given, boolean expected) {
        assertThat(conditions("  C: " + definition + "\n", given)).containsEntry("C", expected);
    }

    @ParameterizedTest(name = "Env={0}: IsProd={1} HasAlarms={2} ProdAndBig={3} ProdOrBig={4} NotProd={5}")
    @CsvSource({
            "prod, 2, true,  true,  false, true,  false",
            "prod, 5, true,  true,  true,  true,  false",
            "dev,  5, false, false, false, true,  true",
            "dev,  2, false, false, false, false, true"})
    void conditionsUseOtherConditionsWhateverTheOrderTheyAreDeclaredIn(String env, String size, boolean isProd,
            boolean hasAlarms, boolean prodAndBig, boolean prodOrBig, boolean notProd) {
        Map<String, Boolean> values = conditions("""
                  ProdAndBig: !And [!Condition IsProd, !Condition IsBig]
                  ProdOrBig: !Or [!Condition IsProd, !Condition IsBig]
                  NotProd: !Not [!Condition IsProd]
                  HasAlarms: !And [!Condition IsProd, !Equals [!FindInMap [Envs, !Ref Env, Alarms], 'yes']]
                  IsProd: !Equals [!Ref Env, prod]
                  IsBig: !Not [!Equals [!Ref Size, 2]]
                """, Map.of("Env", env, "Size", size));

        assertThat(values.keySet()).containsExactly("ProdAndBig", "ProdOrBig", "NotProd", "HasAlarms", "IsProd", "IsBig");
        assertThat(values).containsEntry("IsProd", isProd).containsEntry("HasAlarms", hasAlarms)
                .containsEntry("ProdAndBig", prodAndBig).containsEntry("ProdOrBig", prodOrBig)
                .containsEntry("NotProd", notProd);
    }

    @Test
    void aConditionMayNameAnotherConditionDirectly() {
        assertThat(conditions("  A: {Condition: B}\n  B: !Equals [x, x]\n", Map.of()))
                .containsEntry("A", true);
    }

    @ParameterizedTest(name = "Env={0}")
    @CsvSource({"prod, Always ProdOnly, Everywhere ProdName", "dev, Always DevOnly, Everywhere"})
    void conditionsDecideWhichResourcesAndOutputsExist(String env, String resources, String outputs) {
        TemplateEvaluator evaluator = TestContext.evaluator("""
                Parameters:
                  Env: {Type: String}
                Conditions:
                  IsProd: !Equals [!Ref Env, prod]
                  IsDev: !Not [!Condition IsProd]
                Resources:
                  Always: {Type: AWS::S3::Bucket}
                  ProdOnly: {Type: AWS::S3::Bucket, Condition: IsProd}
                  DevOnly: {Type: AWS::S3::Bucket, Condition: IsDev}
                Outputs:
                  Everywhere: {Value: !Ref Always}
                  ProdName: {Value: !Ref ProdOnly, Condition: IsProd}
                """, Map.of("Env", env));

        List<String> kept = evaluator.includedResources().stream().map(ResourceDeclaration::logicalId).toList();
        assertThat(kept).containsExactly(resources.split(" "));
        assertThat(evaluator.outputs().stream().map(ResolvedOutput::logicalId)).containsExactly(outputs.split(" "));
    }

    static Stream<Arguments> invalidConditions() {
        return Stream.of(
                arguments("  C: !And [!Equals [a, a]]\n",
                        "Template error: every Fn::And object requires a list of at least 2 and at most 10 boolean parameters."),
                arguments("  C: !Or [" + "!Equals [a, b], ".repeat(10) + "!Equals [a, a]]\n",
                        "Template error: every Fn::Or object requires a list of at least 2 and at most 10 boolean parameters."),
                arguments("  C: !Not [!Equals [a, a], !Equals [b, b]]\n",
                        "Template error: every Fn::Not object requires a list with exactly 1 boolean parameter."),
                arguments("  C: !Equals [a, b, c]\n",
                        "Template error: every Fn::Equals object requires a list of 2 string parameters."),
                arguments("  C: !And [!Ref Env, !Equals [a, a]]\n",
                        "Template format error: Conditions can only be boolean operations on parameters and other conditions"),
                arguments("  C: !Join ['', [a, b]]\n",
                        "Template format error: Conditions can only be boolean operations on parameters and other conditions"),
                arguments("  C: !Equals [!FindInMap [Envs, stage, Alarms], 'yes']\n",
                        "Template error: Unable to get mapping for Envs::stage::Alarms"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConditions")
    void conditionsThatCannotEvaluateFailWithCloudFormationsMessage(String conditions, String message) {
        assertThatThrownBy(() -> conditions(conditions, Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessage(message);
    }

    @Test
    void aConditionThatIsNotAFunctionIsRefusedWithTheTemplate() {
        assertThatThrownBy(() -> TemplateParser.parse("Conditions:\n  C: yes\n" + BUCKET))
                .hasMessage("Template format error: Conditions can only be boolean operations on parameters and "
                        + "other conditions");
    }
}
