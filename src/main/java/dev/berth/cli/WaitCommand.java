package dev.berth.cli;

import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.rollout.RolloutResult;
import dev.berth.engine.rollout.RolloutWatcher;
import dev.berth.engine.rollout.WatchOptions;
import dev.berth.engine.rollout.WatchedService;
import dev.berth.report.Report;
import dev.berth.report.ResultJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code berth wait}: follows ECS rolling deployments to a strict verdict. Changes nothing. */
@Command(name = "wait", mixinStandardHelpOptions = true,
        description = "Wait for the rolling deployment of ECS services to end and give a strict verdict: SUCCEEDED only when the PRIMARY deployment runs the expected task definition and its rolloutState is COMPLETED; ROLLED_BACK when the circuit breaker rolled it back.")
final class WaitCommand implements Callable<Integer> {
    @ParentCommand
    BerthCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions target;

    @Option(names = "--task-definition", paramLabel = "TASKDEF",
            description = "the task definition that must win (family:revision or ARN); default: the PRIMARY one now")
    String taskDefinition;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15m", converter = Durations.class,
            description = "give up after this long (default: ${DEFAULT-VALUE}), e.g. 90s, 15m, 1h")
    Duration timeout;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() {
        target.validate(spec);
        List<String> services = target.services;
        if (taskDefinition != null) {
            Names.taskDefinition(spec, "--task-definition", taskDefinition);
            if (services.size() > 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--task-definition applies to one service; got " + services.size() + " services");
            }
        }
        report.validate(spec);
        List<WatchedService> watched = new ArrayList<>();
        for (String service : services) {
            watched.add(new WatchedService(service, Optional.ofNullable(taskDefinition)));
        }
        CliContext context = parent.context();
        RolloutResult result;
        try (ProgressPrinter printer = output.printer(spec, context);
             AwsClients clients = context.aws().apply(aws.settings(context.env()));
             var ecs = clients.ecs()) {
            RolloutWatcher watcher = new RolloutWatcher(ecs, context.clock(), context.sleeper(), printer);
            result = watcher.watch(new WatchOptions(target.cluster, watched, timeout));
        }
        print(result);
        return result.outcome().exitCode();
    }

    private void print(RolloutResult result) {
        var out = spec.commandLine().getOut();
        ResultJson json = new ResultJson();
        String resultJson = output.json() || report.wanted() ? json.write(json.rollout("wait", result)) : null;
        if (output.json()) {
            out.println(resultJson);
        } else {
            out.printf("%s in %.1fs: %s%n", result.outcome(), result.duration().toMillis() / 1000.0,
                    ProgressPrinter.safe(result.reason()));
        }
        out.flush();
        report.write(spec, Report.of("wait", result), resultJson);
    }
}
