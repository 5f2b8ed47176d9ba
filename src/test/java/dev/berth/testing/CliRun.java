package dev.berth.testing;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.CliContext;
import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.rollout.Sleeper;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs a berth command in-process through picocli's execute(), capturing stdout, stderr and the exit code. */
public record CliRun(int exitCode, String stdout, String stderr) {

    /** Runs against the simulator: AWS_ENDPOINT_URL and AWS_REGION set, test credentials. */
    public static CliRun against(SimFixture sim, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL", sim.endpoint());
        env.put("AWS_REGION", SimFixture.REGION);
        return run(env, args);
    }

    /** Runs as if stderr were a terminal, with {@code extraEnv} (NO_COLOR, TERM) added. */
    public static CliRun onTerminal(SimFixture sim, Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("AWS_ENDPOINT_URL", sim.endpoint());
        env.put("AWS_REGION", SimFixture.REGION);
        return run(env, args, "", true);
    }

    public static CliRun run(Map<String, String> env, String... args) {
        return run(env, args, "");
    }

    /** Runs with {@code stdin} as standard input (for --password-stdin). */
    public static CliRun run(Map<String, String> env, String[] args, String stdin) {
        return run(env, args, stdin, false);
    }

    private static CliRun run(Map<String, String> env, String[] args, String stdin, boolean terminal) {
        CliContext context = new CliContext(Map.copyOf(env), settings -> new AwsClients(settings, SimFixture.CREDENTIALS),
                Clock.systemUTC(), Sleeper.REAL, terminal,
                new java.io.ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        CommandLine commandLine = BerthCommand.commandLineFor(context, args); // as Main builds it
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
