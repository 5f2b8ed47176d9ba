package dev.berth.cli;

import dev.berth.engine.Outcome;
import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.aws.AwsSettings;
import dev.berth.report.ResultJson;
import dev.berth.sim.SimConfig;
import dev.berth.sim.SimServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code berth demo}: the whole story on an in-process simulator, no AWS account needed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the local AWS in-process and show berth at work: a service of 4 tasks, a good release that SUCCEEDS and a crashing release that the circuit breaker ROLLS BACK (where `aws ecs wait services-stable` would report success).")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    BerthCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "3",
            description = "simulated time runs this many times faster (default: ${DEFAULT-VALUE})")
    double speed;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        if (!(speed > 0) || speed > 1000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--speed': " + speed + " (expected more than 0, at most 1000)");
        }
        CliContext context = parent.context();
        PrintWriter err = spec.commandLine().getErr();
        ProgressPrinter printer = new ProgressPrinter(err, context.colour(), output.quiet);
        try (SimServer sim = SimServer.start(SimConfig.defaults().withPort(0).withSpeed(speed));
             AwsClients clients = new AwsClients(
                     new AwsSettings(Optional.of(SimConfig.DEFAULT_REGION), Optional.empty(), Optional.of(sim.endpoint())),
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("berth-demo", "berth-demo")));
             var ecs = clients.ecs()) {
            err.printf("berth demo: local AWS at %s, time %sx faster than real%n", sim.endpoint(), fmt(speed));
            err.flush();
            DemoScenario scenario = new DemoScenario(ecs, context.clock(), context.sleeper(), printer, err);
            List<DemoScenario.Release> releases = scenario.run();
            print(releases);
            boolean asExpected = releases.stream().allMatch(r -> r.result().outcome() == r.expected());
            if (!asExpected) {
                err.println("berth demo: the verdicts were not the expected ones");
            }
            err.flush();
            return asExpected ? 0 : BerthCommand.INTERNAL;
        }
    }

    private void print(List<DemoScenario.Release> releases) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ResultJson json = new ResultJson();
            var node = json.mapper().createObjectNode();
            node.put("schemaVersion", ResultJson.SCHEMA_VERSION);
            node.put("command", "demo");
            var list = node.putArray("releases");
            for (DemoScenario.Release release : releases) {
                var entry = json.rollout("wait", release.result());
                entry.put("release", release.label());
                entry.put("image", release.image());
                list.add(entry);
            }
            out.println(json.write(node));
        } else {
            out.println();
            for (DemoScenario.Release release : releases) {
                out.printf("%-14s %-30s %-12s %5.1fs  %s%n", release.label(), release.image(), release.result().outcome(),
                        release.result().duration().toMillis() / 1000.0, release.result().reason());
            }
            out.println();
            Outcome bad = releases.get(releases.size() - 1).result().outcome();
            out.println("The crashing release ends " + bad + ": the circuit breaker put the previous version back. "
                    + "`aws ecs wait services-stable` would have reported success, because the service is stable again.");
        }
        out.flush();
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
