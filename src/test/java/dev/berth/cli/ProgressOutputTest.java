package dev.berth.cli;

import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a deploy prints while it runs: plain lines in a Jenkins log, a pipe or under NO_COLOR (not
 * one escape code), colours and a progress bar on a terminal; --quiet and --verbose.
 */
class ProgressOutputTest {
    private static final String ESC = "\u001b";
    private static SimFixture sim;
    private static String stack;

    @BeforeAll
    static void start() {
        sim = SimFixture.start(10);
        stack = StackFixture.clusterAndService(sim, "progress", Map.of("DesiredCount", "3"));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void notOnATerminalTheOutputIsPlainLinesOfEveryKind() {
        CliRun good = CliRun.against(sim, "deploy", "--stack", stack, "--version", "2");
        assertThat(good.exitCode()).as(good.stderr()).isZero();
        CliRun crash = CliRun.against(sim, "deploy", "--stack", stack, "--version", "3-crash");
        assertThat(crash.exitCode()).as(crash.stderr()).isEqualTo(4);
        for (CliRun run : new CliRun[]{good, crash}) {
            assertThat(run.stderr() + run.stdout()).doesNotContain(ESC);
        }
        String source = stack + "/";
        assertThat(good.stderr()).contains(stack + "  change set: Modify TaskDefinition")
                .contains(stack + "  Service                      UPDATE_IN_PROGRESS")
                .containsPattern(source + "\\S+  PRIMARY +ecs-svc/\\d+ \\S+:\\d+ desired 3 pending \\d running \\d failed 0 IN_PROGRESS")
                .containsPattern(source + "\\S+  event \\(service \\S+\\) has reached a steady state")
                .containsPattern(source + "\\S+  SUCCEEDED ");
        assertThat(crash.stderr()).containsPattern(source + "\\S+  task \\w+ stopped: Essential container in task exited")
                .contains("UPDATE_ROLLBACK_COMPLETE");
        List<String> snapshots = snapshots(good.stderr());
        assertThat(snapshots).hasSizeGreaterThan(1);
        for (int i = 1; i < snapshots.size(); i++) {
            assertThat(snapshots.get(i)).as("a snapshot is printed only when it changed").isNotEqualTo(snapshots.get(i - 1));
        }
    }

    /** The deployment lines of each poll, without their time: the snapshots printed, in order. */
    private static List<String> snapshots(String stderr) {
        Map<String, StringBuilder> byTime = new LinkedHashMap<>();
        stderr.lines().filter(l -> l.matches("\\S+ \\S+/\\S+  (PRIMARY|ACTIVE) .*"))
                .forEach(l -> byTime.computeIfAbsent(l.substring(0, 8), t -> new StringBuilder()).append(l.substring(9)).append('\n'));
        return byTime.values().stream().map(StringBuilder::toString).toList();
    }

    @Test
    void noColourOrDumbTerminalMeansNoEscapeCodesEvenOnATerminal() {
        CliRun noColour = CliRun.onTerminal(sim, Map.of("NO_COLOR", "1"), "deploy", "--stack", stack, "--version", "4");
        assertThat(noColour.exitCode()).as(noColour.stderr()).isZero();
        assertThat(noColour.stderr() + noColour.stdout()).doesNotContain(ESC).contains("PRIMARY");
        CliRun dumb = CliRun.onTerminal(sim, Map.of("TERM", "dumb"), "deploy", "--stack", stack, "--version", "5");
        assertThat(dumb.exitCode()).as(dumb.stderr()).isZero();
        assertThat(dumb.stderr() + dumb.stdout()).doesNotContain(ESC);
    }

    @Test
    void onATerminalLinesAreColouredAndABarShowsTheNewTasksRunning() {
        CliRun run = CliRun.onTerminal(sim, Map.of("TERM", "xterm-256color", "COLUMNS", "60"), "deploy", "--stack", stack, "--version", "6");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains(ESC + "[32mSUCCEEDED" + ESC + "[0m")
                .containsPattern("\r" + ESC + "\\[2K\\[" + ESC + "\\[32m#+" + ESC + "\\[0m-*\\] [0-3]/3 running \\S+:\\d+ on ")
                .contains("] 3/3 running ");
        for (String bar : run.stderr().split("\r" + ESC + "\\[2K")) {
            String drawn = bar.startsWith("[") ? bar.split("\n")[0].replaceAll(ESC + "\\[[0-9;]*m", "") : "";
            assertThat(drawn.length()).as("the bar fits the terminal, or it would wrap: %s", drawn).isLessThan(60);
        }
        String afterLastBar = run.stderr().substring(run.stderr().lastIndexOf('\r'));
        assertThat(afterLastBar).as("the bar is taken off and the last lines are plain lines")
                .startsWith("\r" + ESC + "[2K").doesNotContain("#").endsWith("\n");
        assertThat(run.stdout()).doesNotContain(ESC).startsWith("SUCCEEDED");
    }

    @Test
    void quietKeepsTheVerdictAndVerboseAddsEveryPoll() {
        CliRun quiet = CliRun.against(sim, "deploy", "--stack", stack, "--version", "7", "--quiet");
        assertThat(quiet.exitCode()).as(quiet.stderr()).isZero();
        assertThat(quiet.stderr()).doesNotContain("PRIMARY").doesNotContain("change set").contains("SUCCEEDED");
        CliRun verbose = CliRun.against(sim, "deploy", "--stack", stack, "--version", "8", "--verbose");
        assertThat(verbose.exitCode()).as(verbose.stderr()).isZero();
        assertThat(verbose.stderr()).containsPattern("poll: (under way|approaching|imminent), next in \\d+\\.\\ds")
                .contains("AWS::ECS::Service");
        CliRun both = CliRun.against(sim, "deploy", "--stack", stack, "--version", "9", "--quiet", "--verbose");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.stderr()).contains("--quiet and --verbose cannot be used together");
    }

    @Test
    void underTheTestRunnerStderrIsAPipeNotATerminal() {
        // surefire pipes the forked JVM's stderr: exactly the Jenkins case
        assertThat(CliContext.stderrIsTerminal()).isFalse();
    }
}
