package dev.berth.cli;

import dev.berth.engine.Outcome;
import dev.berth.engine.events.BerthEvent;
import dev.berth.engine.rollout.DeploymentView;
import dev.berth.engine.rollout.PollPolicy;
import dev.berth.engine.rollout.StoppedTask;
import dev.berth.engine.stack.PlannedChange;
import dev.berth.text.ForeignText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every event berth renders, with hostile text in every field it did not write: only berth's own escapes reach the screen. */
class ProgressPrinterTextTest {
    private static final String H = "\u001b[2J\u001b]8;;http://127.0.0.1:1/\u0007x\u001b]8;;\u0007\r\n\t\0\u007f\u009b\u202e\ufffe\ud800";
    private static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

    @ParameterizedTest(name = "on a terminal: {0}")
    @ValueSource(booleans = {true, false})
    void everyFieldOfEveryEventIsNeutralised(boolean terminal) {
        StringWriter out = new StringWriter();
        DeploymentView d = new DeploymentView("ecs-svc/" + H, "PRIMARY" + H, "arn:aws:ecs:us-east-1:1:task-definition/web" + H + ":2",
                4, 1, 2, 1, "IN_PROGRESS" + H, "why" + H, T);
        StoppedTask task = new StoppedTask("task" + H, "web:2", "ecs-svc/1", "EssentialContainerExited" + H, "stopped" + H,
                List.of(new StoppedTask.ContainerExit("app" + H, 1, "reason" + H)), T);
        try (ProgressPrinter printer = new ProgressPrinter(new PrintWriter(out), terminal, ProgressPrinter.Level.VERBOSE, 120)) {
            String source = "stack" + H + "/service" + H;
            printer.on(new BerthEvent.PhaseChanged(T, source, "phase" + H, "detail" + H));
            printer.on(new BerthEvent.DeploymentSnapshot(T, source, List.of(d)));
            printer.on(new BerthEvent.ServiceEventObserved(T, source, T, "event" + H));
            printer.on(new BerthEvent.TaskStopped(T, source, task));
            printer.on(new BerthEvent.Warning(T, source, "warning" + H));
            printer.on(new BerthEvent.StackEventObserved(T, source, T, "Logical" + H, "AWS::X" + H, "UPDATE_FAILED" + H, "reason" + H));
            printer.on(new BerthEvent.ChangeSetReady(T, source, List.of(new PlannedChange("Modify" + H, "Service" + H,
                    "AWS::ECS::Service" + H, "phys" + H, "True" + H, List.of("Version" + H)))));
            printer.on(new BerthEvent.Polled(T, source, PollPolicy.Stage.values()[0], Duration.ofSeconds(1)));
            printer.on(new BerthEvent.VerdictReached(T, source, Outcome.FAILED, "verdict" + H));
        }
        String text = out.toString();
        assertThat(text).contains("\\x1b[2J\\x1b]8;;http://127.0.0.1:1/\\x07x\\x1b]8;;\\x07\\r\\n\\t\\x00\\x7f\\u009b\\u202e\\ufffe\\ud800");
        assertThat(text.chars().filter(c -> c == '\n').count()).as("one line per event, none forged").isEqualTo(9);
        String withoutOwn = text.replace("\r\u001b[2K", "").replaceAll("\u001b\\[[0-9;]*m", "");
        assertThat(terminal || withoutOwn.equals(text)).as("no escape code at all in plain output").isTrue();
        assertThat(ForeignText.isPlain(withoutOwn.replace('\n', ' '))).as(ForeignText.echo(withoutOwn)).isTrue();
    }
}
