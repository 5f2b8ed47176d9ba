package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.deploy.DeployOptions;
import dev.berth.engine.deploy.PlanResult;
import dev.berth.engine.deploy.Planner;
import dev.berth.engine.deploy.ServiceTarget;
import dev.berth.engine.rollout.RolloutBounds;
import dev.berth.engine.rollout.TaskDefinitions;
import dev.berth.engine.stack.PlannedChange;
import dev.berth.report.ResultJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code berth plan}: the change set and the rollout arithmetic of a deploy, without deploying. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what deploying a version would do, without doing it: the change set's changes and, for every service, how the rollout would go (batches, extra tasks at peak, the healthy floor) or why it would never finish.")
final class PlanCommand implements Callable<Integer> {
    @ParentCommand
    BerthCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--stack", required = true, paramLabel = "STACK", description = "the service's CloudFormation stack")
    String stack;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "the image tag to plan for")
    String version;

    @Option(names = "--parameter", paramLabel = "NAME", defaultValue = DeployOptions.DEFAULT_PARAMETER,
            description = "the template parameter that holds the version (default: ${DEFAULT-VALUE})")
    String parameter;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Names.stack(spec, "--stack", stack);
        Names.version(spec, "--version", version);
        Names.parameter(spec, "--parameter", parameter);
        output.validate(spec);
        return run(spec, parent, aws, output, new DeployOptions(stack, version, parameter, DeployOptions.DEFAULT_TIMEOUT,
                DeployOptions.Verb.DEPLOY, Who.of(parent.context().env()), null));
    }

    /** Plans a deploy (or a rollback) and prints the plan; shared by plan and rollback --plan. */
    static int run(CommandSpec spec, BerthCommand parent, AwsOptions aws, OutputOptions output, DeployOptions options) {
        CliContext context = parent.context();
        PlanResult plan;
        try (AwsClients clients = context.aws().apply(aws.settings(context.env()));
             var cfn = clients.cloudFormation(); var ecs = clients.ecs(); var ecr = clients.ecr()) {
            ProgressPrinter printer = output.printer(spec, context);
            plan = new Planner(cfn, ecs, ecr, printer, context.clock()).plan(options);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ResultJson json = new ResultJson();
            ObjectNode node = json.mapper().createObjectNode();
            node.put("schemaVersion", ResultJson.SCHEMA_VERSION);
            node.put("command", "plan");
            node.put("verb", options.verb().command());
            node.set("plan", json.mapper().valueToTree(plan));
            out.println(json.write(node));
        } else {
            print(out, plan);
        }
        out.flush();
        return 0;
    }

    private static String safe(String text) {
        return ProgressPrinter.safe(text);
    }

    private static void print(PrintWriter out, PlanResult plan) {
        out.printf("stack %s: version %s -> %s%n", safe(plan.stack()), safe(plan.currentVersion()), safe(plan.version()));
        if (plan.unchanged()) {
            out.println("  nothing to change: the stack already runs this version");
            return;
        }
        for (PlannedChange change : plan.changes()) {
            out.println("  " + safe(change.summary()));
        }
        for (ServiceTarget service : plan.services()) {
            RolloutBounds b = service.bounds();
            out.printf("service %s (now %s): desired %d, MinimumHealthyPercent %d, MaximumPercent %d%n", safe(service.service()),
                    safe(TaskDefinitions.shortName(service.taskDefinitionBefore())), b.desired(), b.minimumHealthyPercent(),
                    b.maximumPercent());
            out.printf("  at least %d healthy and at most %d running or pending; up to %d new tasks before any old one"
                            + " stops, %d old ones stopped up front; %d batch%s of up to %d tasks%n",
                    b.lower(), b.upper(), b.extraTasksAtPeak(), b.tasksStoppedUpFront(), b.batches(),
                    b.batches() == 1 ? "" : "es", b.batchSize());
            if (service.capacity() != null && service.capacity().checked()) {
                var room = service.capacity();
                out.printf("  room: %s%s%n", safe(room.reason()), room.remedy() == null ? "" : "; " + safe(room.remedy()));
            }
            out.printf("  circuit breaker %s%n", service.circuitBreaker()
                    ? (service.rollback() ? "on, with rollback: a failing release goes back by itself"
                    : "on, without rollback: a failing release stops and stays") : "off: a failing release keeps retrying");
            out.printf("  deployment alarms %s%n", safe(service.alarms().describe()));
            service.alarms().warning(service.service()).ifPresent(w -> out.printf("  WARNING %s%n", safe(w)));
        }
    }
}
