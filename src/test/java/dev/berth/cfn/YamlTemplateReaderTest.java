package dev.berth.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class YamlTemplateReaderTest {
    private static JsonNode read(String yaml) {
        return new YamlTemplateReader().read(yaml);
    }

    private static JsonNode value(String yaml) {
        return read("V: " + yaml).get("V");
    }

    static Stream<Arguments> shortForms() {
        return Stream.of(
                arguments("!Ref Env", "{'Ref':'Env'}"),
                arguments("!Ref 'AWS::Region'", "{'Ref':'AWS::Region'}"),
                arguments("!Condition IsProd", "{'Condition':'IsProd'}"),
                arguments("!GetAtt Bucket.Arn", "{'Fn::GetAtt':['Bucket','Arn']}"),
                arguments("!GetAtt Stack.Outputs.Url", "{'Fn::GetAtt':['Stack','Outputs.Url']}"),
                arguments("!GetAtt [Bucket, Arn]", "{'Fn::GetAtt':['Bucket','Arn']}"),
                arguments("!GetAtt [Bucket, !Ref Attr]", "{'Fn::GetAtt':['Bucket',{'Ref':'Attr'}]}"),
                arguments("!Sub '${AWS::StackName}-web'", "{'Fn::Sub':'${AWS::StackName}-web'}"),
                arguments("!Sub ['${A}-${B}', {A: !Ref X, B: b}]",
                        "{'Fn::Sub':['${A}-${B}',{'A':{'Ref':'X'},'B':'b'}]}"),
                arguments("!Join [',', [!Sub '${A}', b, !Ref C]]",
                        "{'Fn::Join':[',',[{'Fn::Sub':'${A}'},'b',{'Ref':'C'}]]}"),
                arguments("!If [IsProd, !Ref A, !Ref 'AWS::NoValue']",
                        "{'Fn::If':['IsProd',{'Ref':'A'},{'Ref':'AWS::NoValue'}]}"),
                arguments("[a, !If [C, b, c], !Select [0, !GetAZs '']]",
                        "['a',{'Fn::If':['C','b','c']},{'Fn::Select':[0,{'Fn::GetAZs':''}]}]"),
                arguments("!Equals [!Ref Env, prod]", "{'Fn::Equals':[{'Ref':'Env'},'prod']}"),
                arguments("!Not [!Equals [a, b]]", "{'Fn::Not':[{'Fn::Equals':['a','b']}]}"),
                arguments("!And [!Condition A, !Or [!Condition B, !Condition C]]",
                        "{'Fn::And':[{'Condition':'A'},{'Fn::Or':[{'Condition':'B'},{'Condition':'C'}]}]}"),
                arguments("!FindInMap [M, !Ref 'AWS::Region', Ami]",
                        "{'Fn::FindInMap':['M',{'Ref':'AWS::Region'},'Ami']}"),
                arguments("{Fn::ImportValue: !Sub '${ClusterStack}-ClusterName'}",
                        "{'Fn::ImportValue':{'Fn::Sub':'${ClusterStack}-ClusterName'}}"),
                arguments("!ImportValue {'Fn::Sub': '${S}-x'}", "{'Fn::ImportValue':{'Fn::Sub':'${S}-x'}}"),
                arguments("!Split [',', !Ref L]", "{'Fn::Split':[',',{'Ref':'L'}]}"),
                arguments("!GetAZs ''", "{'Fn::GetAZs':''}"),
                arguments("{Fn::Base64: !Sub 'x-${A}'}", "{'Fn::Base64':{'Fn::Sub':'x-${A}'}}"),
                arguments("!Base64 {Fn::Sub: 'x-${A}'}", "{'Fn::Base64':{'Fn::Sub':'x-${A}'}}"),
                arguments("!Cidr [10.0.0.0/16, 4, 8]", "{'Fn::Cidr':['10.0.0.0/16',4,8]}"),
                arguments("!Length [a, b]", "{'Fn::Length':['a','b']}"),
                arguments("!ToJsonString {a: 1}", "{'Fn::ToJsonString':{'a':1}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shortForms")
    void shortFormsBecomeLongForm(String yaml, String longForm) {
        assertThat(value(yaml)).isEqualTo(Json.of(longForm.replace('\'', '"')));
    }

    @Test
    void blockStylesNestShortFormsToo() {
        JsonNode value = read("""
                V:
                  Fn::Join:
                    - ''
                    - - !Sub 'arn:${AWS::Partition}:s3:::'
                      - !If
                        - IsProd
                        - !Ref ProdBucket
                        - !Ref DevBucket
                UserData: !Base64 |
                  #!/bin/sh
                  echo hi
                """);
        assertThat(value.get("V")).isEqualTo(Json.of("""
                {"Fn::Join": ["", [{"Fn::Sub": "arn:${AWS::Partition}:s3:::"},
                  {"Fn::If": ["IsProd", {"Ref": "ProdBucket"}, {"Ref": "DevBucket"}]}]]}"""));
        assertThat(value.get("UserData")).isEqualTo(Json.of("{\"Fn::Base64\": \"#!/bin/sh\\necho hi\\n\"}"));
    }

    static Stream<Arguments> scalars() {
        return Stream.of(
                arguments("2010-09-09", "'2010-09-09'"),
                arguments("2001-12-14t21:59:43.10-05:00", "'2001-12-14t21:59:43.10-05:00'"),
                arguments("yes", "true"),
                arguments("No", "false"),
                arguments("ON", "true"),
                arguments("off", "false"),
                arguments("true", "true"),
                arguments("'yes'", "'yes'"),
                arguments("y", "'y'"),
                arguments("8080", "8080"),
                arguments("-3", "-3"),
                arguments("12345678901", "12345678901"),
                arguments("123456789012345678901234", "123456789012345678901234"),
                arguments("1.50", "1.50"),
                arguments("'8080'", "'8080'"),
                arguments("0x1F", "'0x1F'"),
                arguments("017", "'017'"),
                arguments("1_000", "'1_000'"),
                arguments("~", "null"),
                arguments("''", "''"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("scalars")
    void scalarsAreTypedAsCloudFormationTypesThem(String yaml, String json) {
        JsonNode expected = Json.of(json.replace('\'', '"'));
        JsonNode actual = value(yaml);
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.getNodeType()).isEqualTo(expected.getNodeType());
    }

    @Test
    void theFormatVersionStaysTheDateWritten() {
        assertThat(read("AWSTemplateFormatVersion: 2010-09-09").get("AWSTemplateFormatVersion").textValue())
                .isEqualTo("2010-09-09");
    }

    @Test
    void aRepeatedKeyKeepsTheLastValueAsCloudFormationDoes() {
        JsonNode node = read("A: 1\nB: 2\nA: 3\n");
        assertThat(Json.write(node)).isEqualTo("{\"A\":3,\"B\":2}");
    }

    @Test
    void anchorsAndAliasesExpand() {
        JsonNode node = read("A: &tags [{Key: team, Value: web}]\nB: *tags\n");
        assertThat(node.get("B")).isEqualTo(node.get("A"));
    }

    @Test
    void aBillionLaughsIsRefused() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char level = 'b'; level <= 'j'; level++) {
            char previous = (char) (level - 1);
            bomb.append(level).append(": &").append(level).append(" [");
            bomb.append(("*" + previous + ", ").repeat(8)).append('*').append(previous).append("]\n");
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> read(bomb.toString()))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Template format error: YAML not well-formed.");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void manyAliasesThatStayUnderTheAliasLimitStillCannotExpandWithoutBound() {
        // 45 aliases, within SnakeYAML's limit of 50, that would expand to 500,000 leaves
        StringBuilder wide = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char level = 'b'; level <= 'e'; level++) {
            char previous = (char) (level - 1);
            wide.append(level).append(": &").append(level).append(" [");
            wide.append(("*" + previous + ", ").repeat(9)).append('*').append(previous).append("]\n");
        }
        wide.append("g: [*e, *e, *e, *e, *e]\n");
        assertThatThrownBy(() -> read(wide.toString()))
                .hasMessageStartingWith("Template format error: YAML not well-formed.");
    }

    @Test
    void anAliasInsideItselfIsRefused() {
        assertThatThrownBy(() -> read("a: &a [x, *a]\n"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Template format error: YAML not well-formed.");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("unclosed flow sequence", "A: [1, 2\nB: 3\n",
                        "Template format error: YAML not well-formed. (line 2, column 2)"),
                // a YAML node has one tag: AWS documents that !ImportValue cannot contain the short form of !Sub
                arguments("ImportValue of a short-form Sub", "A: !ImportValue !Sub '${ClusterStack}-ClusterName'\n",
                        "Template format error: YAML not well-formed. (line 1, column 17)"),
                arguments("Base64 of a short-form Sub", "A: !Base64 !Sub 'x'\n",
                        "Template format error: YAML not well-formed. (line 1, column 12)"),
                arguments("bad indentation", "A:\n  b: 1\n c: 2\n",
                        "Template format error: YAML not well-formed. (line 3, column 2)"),
                arguments("unknown tag", "A: !Foo x\n", "Template format error: YAML not well-formed. (line 1, column 4)"),
                arguments("Ref of a list", "A: !Ref [a, b]\n",
                        "Template format error: YAML not well-formed. (line 1, column 4)"),
                arguments("a list as a key", "? [a]\n: b\n",
                        "Template format error: YAML not well-formed. (line 1, column 3)"),
                arguments("two documents", "A: 1\n---\nB: 2\n",
                        "Template format error: YAML not well-formed. (line 2, column 1)"),
                arguments("undefined alias", "A: *nope\n",
                        "Template format error: YAML not well-formed. (line 1, column 4)"),
                arguments("only a comment", "# nothing\n", "Template format error: unsupported structure."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedYamlIsNamedWithItsPosition(String name, String yaml, String message) {
        assertThatThrownBy(() -> read(yaml)).isInstanceOf(TemplateException.class).hasMessage(message);
    }
}
