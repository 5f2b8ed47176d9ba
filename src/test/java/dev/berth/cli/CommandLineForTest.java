package dev.berth.cli;

import dev.berth.engine.rollout.Sleeper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Main builds only the subcommand it runs; help and unknown commands still see them all. */
class CommandLineForTest {
    private static final CliContext CONTEXT = new CliContext(Map.of(), settings -> {
        throw new AssertionError("no AWS call expected");
    }, Clock.systemUTC(), Sleeper.REAL, false);

    @Test
    void aSubcommandGetsOnlyItsOwnModel() {
        CommandLine status = BerthCommand.commandLineFor(CONTEXT, "status", "--cluster", "c", "--service", "s");
        assertThat(status.getSubcommands().keySet()).containsExactly("status");
        CommandLine capacity = BerthCommand.commandLineFor(CONTEXT, "capacity", "--help");
        assertThat(capacity.getSubcommands().keySet()).containsExactly("capacity");
    }

    @Test
    void helpAndUnknownCommandsSeeEverySubcommand() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help"}, {"statuss"}, {"--version"}}) {
            assertThat(BerthCommand.commandLineFor(CONTEXT, args).getSubcommands().keySet()).as(String.join(" ", args))
                    .containsExactly("demo", "push", "deploy", "plan", "rollback", "history", "wait", "status", "cluster",
                            "capacity", "sim", "help");
        }
    }

    @Test
    void theLeanCommandLineRunsLikeTheFullOne() {
        String[] args = {"capacity", "--instance-type", "m5.large", "--largest-cpu", "512", "--largest-memory", "1024"};
        assertThat(run(BerthCommand.commandLineFor(CONTEXT, args), args)).isEqualTo(run(BerthCommand.commandLine(CONTEXT), args));
        String[] typo = {"status", "--clustr", "c"};
        String lean = run(BerthCommand.commandLineFor(CONTEXT, typo), typo);
        assertThat(lean).startsWith("2\n").contains("Unknown options: '--clustr', 'c'").contains("Possible solutions: --cluster");
        assertThat(lean).isEqualTo(run(BerthCommand.commandLine(CONTEXT), typo));
        String[] help = {"status", "--help"};
        assertThat(run(BerthCommand.commandLineFor(CONTEXT, help), help)).startsWith("0\nUsage: berth status")
                .isEqualTo(run(BerthCommand.commandLine(CONTEXT), help));
    }

    private static String run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        return commandLine.execute(args) + "\n" + out;
    }
}
