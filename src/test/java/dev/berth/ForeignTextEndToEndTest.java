package dev.berth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.text.ForeignText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS text holding control characters and non-characters, put into the simulator (a container
 * name and an image name, which ECS echoes in stopped reasons; a stack parameter that an output
 * echoes; a container name that ECS's refusal echoes into a stack event's reason): berth prints
 * it neutralised, on a terminal and in plain output, and its reports stay well-formed.
 */
class ForeignTextEndToEndTest {
    private static final String HOSTILE = "\u001b[2J\u001b]8;;http://127.0.0.1:1/\u0007click\u001b]8;;\u0007\u0007 cr\r lf\n tab\t"
            + " del\u007f c1\u009b31m bidi\u202e nonchar\ufffe\uffff";
    private static SimFixture sim;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(50);
        sim.ecs().createCluster(r -> r.clusterName("hostile"));
        sim.ecs().registerTaskDefinition(r -> r.family("evil").containerDefinitions(c -> c.name("app" + HOSTILE)
                .image("repo/web" + HOSTILE + ":1-nopull").memory(128).essential(true)));
        sim.ecs().createService(r -> r.cluster("hostile").serviceName("evil").taskDefinition("evil").desiredCount(2)
                .deploymentConfiguration(d -> d.maximumPercent(200).minimumHealthyPercent(100)
                        .deploymentCircuitBreaker(b -> b.enable(true).rollback(true))));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void stoppedReasonsAndNamesFromEcsArePrintedNeutralisedInPlainOutput(@TempDir Path report) throws Exception {
        CliRun run = CliRun.against(sim, "wait", "--cluster", "hostile", "--service", "evil", "--timeout", "90s",
                "--report", report.toString());

        assertThat(run.exitCode()).as(run.stderr()).isIn(4, 5);
        assertThat(run.stdout() + run.stderr()).as("the hostile text reached berth and was shown escaped")
                .contains("repo/web\\x1b[2J\\x1b]8;;http://127.0.0.1:1/\\x07click\\x1b]8;;\\x07\\x07 cr\\r lf\\n tab\\t del\\x7f")
                .contains("\\u009b31m bidi\\u202e nonchar\\ufffe\\uffff");
        assertPlain(run.stdout());
        assertPlain(run.stderr());
        assertReportIsWellFormed(report);
    }

    @Test
    void onATerminalOnlyBerthsOwnColoursAndBarReachTheScreen() {
        CliRun run = CliRun.onTerminal(sim, Map.of("TERM", "xterm-256color"), "wait", "--cluster", "hostile", "--service", "evil",
                "--timeout", "90s");

        assertThat(run.exitCode()).as(run.stderr()).isIn(4, 5);
        assertThat(run.stderr()).contains("\u001b[").contains("repo/web\\x1b[2J");
        // berth's own escapes: colours (SGR) and taking the progress bar back
        String withoutOwn = run.stderr().replace("\r\u001b[2K", "").replaceAll("\u001b\\[[0-9;]*m", "");
        assertPlain(withoutOwn);
        assertPlain(run.stdout());
    }

    @Test
    void statusAndJsonOutputCarryTheTextEscaped() throws Exception {
        CliRun status = CliRun.against(sim, "status", "--cluster", "hostile", "--service", "evil");
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertPlain(status.stdout());
        assertPlain(status.stderr());

        CliRun json = CliRun.against(sim, "wait", "--cluster", "hostile", "--service", "evil", "--timeout", "90s", "-o", "json");
        assertPlain(json.stdout());
        var result = new ObjectMapper().readTree(json.stdout());
        // the JSON keeps the text (escaped as JSON escapes it), and stdout holds no raw control character
        assertThat(result.path("services").get(0).path("stoppedTasks").get(0).path("containers").get(0).path("name").asText())
                .isEqualTo("app" + HOSTILE);
    }

    @Test
    void textFromCloudFormationIsNeutralisedAndItsXmlAnswersStayWellFormed(@TempDir Path dir) throws Exception {
        Path template = Files.writeString(dir.resolve("echo.yaml"), """
                Parameters:
                  Note:
                    Type: String
                Resources:
                  Handle:
                    Type: AWS::CloudFormation::WaitConditionHandle
                Outputs:
                  Note:
                    Value: !Ref Note
                """);
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            cfn.createStack(r -> r.stackName("echo").templateBody(read(template))
                    .parameters(Parameter.builder().parameterKey("Note").parameterValue("note" + HOSTILE).build()));
        }
        CliRun run = null;
        for (int i = 0; i < 50; i++) {
            run = CliRun.against(sim, "cluster", "deploy", "--stack", "echo", "--template", template.toString());
            if (!run.stderr().contains("in progress")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        // the simulator's XML writer replaced what XML 1.0 cannot carry; berth escaped the rest
        assertThat(run.stdout()).contains("Note = note\ufffd[2J\ufffd]8;;http://127.0.0.1:1/")
                .contains(" cr\\r lf\\n tab\\t del\\x7f c1\\u009b31m bidi\\u202e nonchar\ufffd\ufffd");
        assertPlain(run.stdout());
        assertPlain(run.stderr());
    }

    @Test
    void aStackEventWhoseReasonEchoesForeignTextIsPrintedNeutralised(@TempDir Path dir) throws Exception {
        // version 2 adds a second container of the same name: ECS refuses the task definition and
        // echoes the name, and CloudFormation's stack event carries ECS's message to berth
        String template = """
                Parameters:
                  Name:
                    Type: String
                  Version:
                    Type: String
                Conditions:
                  Twice: !Equals [!Ref Version, "2"]
                Resources:
                  Task:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      Family: twice
                      ContainerDefinitions:
                        - Name: !Ref Name
                          Image: !Sub "repo/web:${Version}"
                          Memory: 128
                          Essential: true
                        - !If
                          - Twice
                          - Name: !Ref Name
                            Image: repo/side:1
                            Memory: 128
                            Essential: false
                          - !Ref AWS::NoValue
                """;
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            cfn.createStack(r -> r.stackName("twice").templateBody(template).parameters(
                    Parameter.builder().parameterKey("Name").parameterValue("app" + HOSTILE).build(),
                    Parameter.builder().parameterKey("Version").parameterValue("1").build()));
            cfn.waiter().waitUntilStackCreateComplete(r -> r.stackName("twice"));
        }

        CliRun run = CliRun.against(sim, "deploy", "--stack", "twice", "--version", "2", "--timeout", "90s",
                "--report", dir.resolve("report").toString());

        assertThat(run.exitCode()).as(run.stderr()).isIn(4, 5);
        assertThat(run.stderr()).as("ECS's message reached berth through a stack event and was shown escaped")
                .contains("Duplicate container name: app\ufffd[2J")
                .contains(" cr\\r lf\\n tab\\t del\\x7f c1\\u009b31m bidi\\u202e");
        assertPlain(run.stdout());
        assertPlain(run.stderr());
        new ObjectMapper().readTree(strictUtf8(dir.resolve("report/result.json")));
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("report/timeline.svg").toFile());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertPlain(String text) {
        assertThat(ForeignText.isPlain(text.replace('\n', ' '))).as("a control character in: %s", ForeignText.echo(text)).isTrue();
    }

    private static void assertReportIsWellFormed(Path report) throws Exception {
        new ObjectMapper().readTree(strictUtf8(report.resolve("result.json")));
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.resolve("timeline.svg").toFile());
        String html = strictUtf8(report.resolve("report.html"));
        assertThat(html).contains("repo/web\ufffd[2J").doesNotContain("\u001b").doesNotContain("\u009b").doesNotContain("\ufffe");
    }

    private static String strictUtf8(Path file) throws Exception {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    }
}
