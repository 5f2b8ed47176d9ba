package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.roll.ClusterRoller;
import dev.berth.engine.roll.RollOptions;
import dev.berth.engine.roll.RollResult;
import dev.berth.engine.rollout.PollLoop;
import dev.berth.report.ResultJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code berth cluster roll}: replace a cluster stack's container instances one at a time through draining. */
@Command(name = "roll", mixinStandardHelpOptions = true,
        description = {"Replace the container instances of a cluster stack's Auto Scaling group one at a time, e.g. after a new AMI "
                + "or launch template version: grow the group by one and wait for the new instance to be ACTIVE, drain an old "
                + "instance until it runs no task and every service is steady, terminate it, then the next. Every poll checks "
                + "that every service on the cluster runs at least its minimum healthy count and at most its maximum; a breach "
                + "stops the roll. When the group is at its MaxSize, instances drain without a spare only if every service "
                + "keeps its minimum healthy count; otherwise the roll is refused before any change.",
                "Exit codes: 0 SUCCEEDED, 3 refused before any change, 5 FAILED or NEEDS_ATTENTION (with the command that "
                        + "recovers), 6 TIMED_OUT.",
                "Example: berth cluster roll --stack ecs --timeout 1h --json"})
final class ClusterRollCommand implements Callable<Integer> {
    @ParentCommand
    ClusterCommand cluster;

    @Spec
    CommandSpec spec;

    @Option(names = "--stack", required = true, paramLabel = "STACK", description = "the cluster stack whose instances to replace")
    String stack;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2h", converter = Durations.class,
            description = "give up after this long, e.g. 90m (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "5s", converter = Durations.class,
            description = "how often to look at the group, the instances and the services, e.g. 2s (default: ${DEFAULT-VALUE})")
    Duration poll;

    @Option(names = "--json", description = "print the result as JSON on stdout (same as --output json)")
    boolean json;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws InterruptedException {
        Names.stack(spec, "--stack", stack);
        output.validate(spec);
        CliContext context = cluster.parent.context();
        RollResult result;
        try (ProgressPrinter printer = output.printer(spec, context);
             AwsClients clients = context.aws().apply(aws.settings(context.env()));
             var cfn = clients.cloudFormation(); var autoScaling = clients.autoScaling(); var ecs = clients.ecs()) {
            result = new ClusterRoller(cfn, autoScaling, ecs, new PollLoop(context.clock(), context.sleeper()), printer)
                    .roll(new RollOptions(stack, timeout, poll));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json || output.json()) {
            out.println(toJson(result));
        } else {
            out.println(result.outcome() + ": " + ProgressPrinter.safe(result.reason()));
            result.replaced().forEach(r -> out.println("  " + r.oldInstance() + " -> " + r.newInstance()));
            result.lowestRunning().forEach((service, lowest) -> out.println("  " + ProgressPrinter.safe(service)
                    + ": lowest running " + lowest));
            if (result.recovery() != null) {
                out.println("to recover: " + ProgressPrinter.safe(result.recovery()));
            }
        }
        out.flush();
        return result.outcome().exitCode();
    }

    /** The result as docs/result.schema.json describes it under $defs/clusterRoll. */
    static String toJson(RollResult result) {
        ResultJson json = new ResultJson();
        ObjectNode node = json.mapper().createObjectNode();
        node.put("schemaVersion", ResultJson.SCHEMA_VERSION);
        node.put("command", "cluster roll");
        node.put("outcome", result.outcome().name());
        node.put("exitCode", result.outcome().exitCode());
        node.put("reason", result.reason());
        if (result.recovery() != null) {
            node.put("recovery", result.recovery());
        }
        node.put("stack", result.stack());
        node.put("cluster", result.cluster());
        node.put("autoScalingGroup", result.group());
        node.put("plan", result.plan());
        ArrayNode replaced = node.putArray("replaced");
        for (RollResult.Replacement r : result.replaced()) {
            replaced.addObject().put("oldInstance", r.oldInstance()).put("newInstance", r.newInstance());
        }
        ObjectNode lowest = node.putObject("lowestRunning");
        result.lowestRunning().forEach(lowest::put);
        ArrayNode breaches = node.putArray("breaches");
        result.breaches().forEach(breaches::add);
        node.put("startedAt", result.startedAt().toString());
        node.put("finishedAt", result.finishedAt().toString());
        node.put("durationSeconds", java.time.Duration.between(result.startedAt(), result.finishedAt()).toMillis() / 1000.0);
        return json.write(node);
    }
}
