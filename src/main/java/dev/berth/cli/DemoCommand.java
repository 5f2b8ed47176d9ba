package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.aws.AwsSettings;
import dev.berth.engine.history.HistoryEntry;
import dev.berth.report.Report;
import dev.berth.report.ReportWriter;
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
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code berth demo}: the whole story on an in-process simulator, no AWS account needed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the local AWS in-process and show berth at work through CloudFormation: a cluster and a service stack from berth's templates, a good release that SUCCEEDS, a crashing release that the circuit breaker ROLLS BACK (where `aws ecs wait services-stable` would report success), a release manager's rollback, and the history.")
final class DemoCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @ParentCommand
    BerthCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "20",
            description = "simulated time runs this many times faster (default: ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--report", paramLabel = "DIR",
            description = "write a report of each release (result.json, timeline.svg, report.html) into a folder of DIR, with an index.html")
    Path reportDir;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        ReportOptions.validate(spec, reportDir);
        output.validate(spec);
        if (!(speed > 0) || speed > 1000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--speed': " + speed + " (expected more than 0, at most 1000)");
        }
        CliContext context = parent.context();
        PrintWriter err = spec.commandLine().getErr();
        try (ProgressPrinter printer = output.printer(spec, context);
             SimServer sim = SimServer.start(SimConfig.defaults().withPort(0).withSpeed(speed));
             AwsClients clients = new AwsClients(
                     new AwsSettings(Optional.of(SimConfig.DEFAULT_REGION), Optional.empty(), Optional.of(sim.endpoint())),
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("berth-demo", "berth-demo")));
             var cfn = clients.cloudFormation(); var ecs = clients.ecs(); var ecr = clients.ecr()) {
            err.printf("berth demo: local AWS at %s, time %sx faster than real%n", sim.endpoint(), fmt(speed));
            err.flush();
            DemoScenario scenario = new DemoScenario(cfn, ecs, ecr, context.clock(), context.sleeper(), printer);
            List<DemoScenario.Step> steps = scenario.run();
            int expectedSteps = DemoScenario.RELEASES.size() + 5;
            List<HistoryEntry> history = steps.size() > DemoScenario.RELEASES.size() + 2 ? scenario.history() : List.of();
            printer.close(); // the story's table starts on a clean line
            print(steps, history);
            writeReports(steps);
            boolean asExpected = steps.size() == expectedSteps && steps.stream().allMatch(DemoScenario.Step::asExpected);
            if (!asExpected) {
                err.println("berth demo: the verdicts were not the expected ones");
            }
            err.flush();
            return asExpected ? 0 : BerthCommand.INTERNAL;
        }
    }

    private void print(List<DemoScenario.Step> steps, List<HistoryEntry> history) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ResultJson json = new ResultJson();
            ObjectNode node = json.mapper().createObjectNode();
            node.put("schemaVersion", ResultJson.SCHEMA_VERSION);
            node.put("command", "demo");
            ArrayNode list = node.putArray("steps");
            for (DemoScenario.Step step : steps) {
                list.addObject().put("step", step.label()).put("version", step.version())
                        .put("outcome", step.outcome() == null ? "REFUSED" : step.outcome().name())
                        .put("expected", step.expected().name())
                        .put("durationSeconds", step.duration().toMillis() / 1000.0).put("reason", step.reason());
            }
            node.set("history", json.history(history));
            out.println(json.write(node));
            out.flush();
            return;
        }
        out.println();
        for (DemoScenario.Step step : steps) {
            out.printf("%-16s %-12s %-12s %6.1fs  %s%n", step.label(), step.version(),
                    step.outcome() == null ? "REFUSED" : step.outcome(), step.duration().toMillis() / 1000.0,
                    ProgressPrinter.safe(step.reason()));
        }
        if (!history.isEmpty()) {
            out.println();
            out.println("berth history --stack " + DemoScenario.SERVICE_STACK + ":");
            for (HistoryEntry entry : history) {
                out.printf("  %s  %-8s  %-12s  %-12s  %s%n", TIME.format(entry.startedAt()), entry.verb(),
                        entry.version() == null ? "-" : ProgressPrinter.safe(entry.version()), entry.operation().outcome(),
                        entry.ranBy() == null ? "-" : ProgressPrinter.safe(entry.ranBy().who()));
            }
        }
        out.println();
        out.println("The crashing release ends ROLLED_BACK: the circuit breaker put the previous version back, and "
                + "`aws ecs wait services-stable` would have reported success because the service is stable again.");
        out.flush();
    }

    /** One folder per release that was deployed, named after the step, and an index of them. */
    private void writeReports(List<DemoScenario.Step> steps) {
        if (reportDir == null) {
            return;
        }
        ResultJson json = new ResultJson();
        List<ReportWriter.IndexEntry> entries = new ArrayList<>();
        for (DemoScenario.Step step : steps) {
            if (step.result() == null) {
                continue;
            }
            String folder = step.label().replaceAll("[^A-Za-z0-9]+", "-");
            String command = step.result().requester().verb().command();
            ReportWriter.write(reportDir.resolve(folder), Report.of(command, step.result()),
                    json.write(json.deploy(command, step.result())));
            entries.add(new ReportWriter.IndexEntry(folder, step.label() + " " + step.version(), step.result().outcome()));
        }
        ReportWriter.writeIndex(reportDir, "berth demo", entries);
        PrintWriter err = spec.commandLine().getErr();
        err.println("reports: " + reportDir.resolve(ReportWriter.INDEX).toAbsolutePath().normalize());
        err.flush();
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
