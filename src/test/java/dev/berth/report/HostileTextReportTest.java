package dev.berth.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.berth.engine.Outcome;
import dev.berth.engine.Timing;
import dev.berth.engine.deploy.DeployOptions.Verb;
import dev.berth.engine.deploy.DeployResult;
import dev.berth.engine.deploy.PreFlightReport;
import dev.berth.engine.deploy.verdict.Verdict;
import dev.berth.engine.rollout.DeploymentView;
import dev.berth.engine.rollout.RolloutEvidence;
import dev.berth.engine.rollout.ServiceEventView;
import dev.berth.engine.rollout.ServiceResult;
import dev.berth.engine.rollout.StoppedTask;
import dev.berth.engine.rollout.TimelineSample;
import dev.berth.engine.stack.PlannedChange;
import dev.berth.engine.stack.StackEventView;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report is always written and always well-formed: hostile text (non-characters, lone surrogates,
 * control characters, markup) in every text field of a result still gives a result.json that
 * parses and meets its schema, a timeline.svg that is well-formed XML and a report.html that is
 * valid UTF-8 with no character HTML forbids and no markup but berth's own.
 */
class HostileTextReportTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @ParameterizedTest(name = "{index}: {0}")
    @ValueSource(strings = {"non-characters \uFFFE\uFFFF", "lone surrogates \uD800 and \uDC00 and \uDBFF",
            "controls \u001b[2J \u001b]8;;http://127.0.0.1:1/\u0007link\u001b]8;;\u0007 \u0007 \r \0 \u007f \u009b \u0085",
            "markup <script>alert(1)</script> & \"quotes\" 'single' ]]> <!-- -->", "bidi \u202eevil\u202c \u2066x\u2069 \u2028"})
    void everyReportFileIsWrittenAndWellFormed(String hostile, @TempDir Path dir) throws Exception {
        DeployResult result = resultWithEveryField(hostile);
        ResultJson json = new ResultJson();
        String resultJson = json.write(json.deploy("deploy", result));

        ReportWriter.write(dir, Report.of("deploy", result), resultJson);
        ReportWriter.writeIndex(dir, "index " + hostile, List.of(new ReportWriter.IndexEntry("f" + hostile, hostile, Outcome.FAILED)));

        JsonNode parsed = new ObjectMapper().readTree(strictUtf8(dir.resolve(ReportWriter.RESULT)));
        assertThat(parsed.path("reason").asText()).startsWith("reason ");
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.newInputStream(Path.of("docs/result.schema.json")));
        assertThat(schema.validate(parsed)).isEmpty();
        assertThat(parsed.path("services").get(0).path("stoppedTasks").get(0).path("stoppedReason").asText())
                .hasSize(("stopped " + hostile).length());

        var svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve(ReportWriter.TIMELINE).toFile());
        assertThat(svg.getDocumentElement().getTextContent()).contains("service ");

        for (String page : List.of(ReportWriter.PAGE, ReportWriter.INDEX)) {
            String html = strictUtf8(dir.resolve(page));
            assertThat(html).as(page).doesNotContain("<script").doesNotContain("]]>");
            html.chars().forEach(c -> assertThat(c < 0x20 && c != '\n' && c != '\t' || (c >= 0x7f && c <= 0x9f)
                    || c == 0xfffe || c == 0xffff).as("U+%04X in %s", c, page).isFalse());
            assertThat(html).as(page).contains("</html>");
        }
    }

    private static String strictUtf8(Path file) throws Exception {
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        for (int i = 0; i < text.length(); i++) {
            assertThat(Character.isSurrogate(text.charAt(i)) && !(Character.isHighSurrogate(text.charAt(i))
                    && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))).isFalse();
        }
        return text;
    }

    private static DeployResult resultWithEveryField(String h) {
        String td = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";
        DeploymentView primary = new DeploymentView("ecs-svc/" + h, "PRIMARY", td, 2, 0, 1, 1, "FAILED", "rollout " + h, T0);
        DeploymentView old = new DeploymentView("ecs-svc/old" + h, "ACTIVE", td + h, 2, 0, 2, 0, "COMPLETED", null, T0);
        List<TimelineSample> timeline = List.of(
                new TimelineSample(T0, 0, "service " + h, 2, 2, 4, List.of(primary, old)),
                new TimelineSample(T0.plusSeconds(3), 3, "service " + h, 2, 2, 4, List.of(primary, old)));
        StoppedTask task = new StoppedTask("task" + h, td, "ecs-svc/" + h, "EssentialContainerExited", "stopped " + h,
                List.of(new StoppedTask.ContainerExit("app" + h, 1, "container " + h)), T0.plusSeconds(2));
        ServiceResult service = new ServiceResult("service " + h, Outcome.ROLLED_BACK, "service reason " + h,
                new ServiceResult.Rollout(td, td + h, "ecs-svc/" + h, "FAILED" + h), new ServiceResult.Bounds(2, 2, 4),
                new ServiceResult.Evidence(List.of(task), List.of(new ServiceEventView("ev" + h, T0, "event " + h)),
                        List.of("bound " + h)));
        StackEventView event = new StackEventView("stack" + h, "e" + h, T0, "Service" + h, "phys" + h, "AWS::ECS::Service" + h,
                "UPDATE_FAILED" + h, "stack reason " + h, "token" + h, "{\"a\":\"" + h + "\"}", T0.plusSeconds(1));
        PlannedChange change = new PlannedChange("Modify" + h, "Service" + h, "AWS::ECS::Service" + h, "phys" + h, "True" + h,
                List.of("Version" + h));
        return new DeployResult(new Verdict(Outcome.ROLLED_BACK, "reason " + h, "recover " + h),
                new DeployResult.Release("stack" + h, "1.1" + h, "1.0" + h,
                        new PreFlightReport.ImageCheck("repo" + h, "ref" + h, "sha256:" + "0".repeat(64))),
                new DeployResult.Requester(Verb.DEPLOY, "who " + h, "approver " + h, "why " + h),
                new DeployResult.Update("token " + h, "changeset " + h, List.of(change)),
                new DeployResult.StackState("UPDATE_ROLLBACK_COMPLETE" + h, List.of(event)),
                new Timing(T0, T0.plusSeconds(5)),
                new RolloutEvidence(List.of(service), timeline, Map.of("DescribeServices" + h, 3)));
    }
}
