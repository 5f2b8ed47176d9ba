package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.deploy.OperationTokens;
import dev.berth.engine.history.HistoryEntry;
import dev.berth.engine.history.HistoryReader;
import dev.berth.report.ResultJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code berth history}: which versions a stack ran, when, who deployed them and how it ended. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List the versions a stack has run, newest first: when, which operation, who ran it and how it ended. Read from CloudFormation's stack events, so it outlives any build machine.")
final class HistoryCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @ParentCommand
    BerthCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--stack", required = true, paramLabel = "STACK", description = "the service's CloudFormation stack")
    String stack;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    private static String safe(String text) {
        return ProgressPrinter.safe(text);
    }

    @Override
    public Integer call() {
        Names.stack(spec, "--stack", stack);
        CliContext context = parent.context();
        List<HistoryEntry> entries;
        try (AwsClients clients = context.aws().apply(aws.settings(context.env()));
             var cfn = clients.cloudFormation(); var ecs = clients.ecs()) {
            entries = new HistoryReader(cfn, ecs).read(stack);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ResultJson json = new ResultJson();
            ObjectNode node = json.mapper().createObjectNode();
            node.put("schemaVersion", ResultJson.SCHEMA_VERSION);
            node.put("command", "history");
            node.put("stack", stack);
            node.put("incomplete", HistoryReader.incomplete(entries));
            node.set("entries", json.history(entries));
            out.println(json.write(node));
        } else {
            out.printf("%-19s  %-10s  %-20s  %-15s  %-16s  %s%n", "STARTED", "VERB", "VERSION", "OUTCOME", "WHO", "STACK STATUS");
            for (HistoryEntry entry : entries) {
                OperationTokens.Parsed by = entry.ranBy();
                out.printf("%-19s  %-10s  %-20s  %-15s  %-16s  %s%n", TIME.format(entry.startedAt()), entry.verb(),
                        entry.version() == null ? "-" : safe(entry.version()), entry.operation().outcome(),
                        by == null ? "-" : safe(by.who()) + (by.approvedBy() == null ? "" : " (approved by "
                                + safe(by.approvedBy()) + ")"), safe(entry.operation().stackStatus()));
            }
        }
        if (HistoryReader.incomplete(entries)) {
            spec.commandLine().getErr().println("history of stack " + stack + " is incomplete: the version of "
                    + entries.stream().filter(e -> !e.found().found()).count() + " operation(s) was found neither in the"
                    + " stack events, nor in the task definitions, nor in berth's change sets");
        }
        out.flush();
        return 0;
    }
}
