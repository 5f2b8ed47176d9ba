package dev.berth.cli;

import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.deploy.DeployOptions;
import dev.berth.engine.history.HistoryEntry;
import dev.berth.engine.history.HistoryReader;
import dev.berth.engine.history.RollbackTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.cloudformation.model.Parameter;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code berth rollback}: back to an earlier version, through CloudFormation so the stack never drifts. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Roll a stack back to an earlier version through CloudFormation (a deploy of that version, recorded as a rollback). Without --to: the last version that succeeded before the current one.")
final class RollbackCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    BerthCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--stack", required = true, paramLabel = "STACK", description = "the service's CloudFormation stack")
    String stack;

    @Option(names = "--to", paramLabel = "VERSION", description = "the version to return to; it must have run successfully before")
    String to;

    @Option(names = "--parameter", paramLabel = "NAME", defaultValue = DeployOptions.DEFAULT_PARAMETER,
            description = "the template parameter that holds the version (default: ${DEFAULT-VALUE})")
    String parameter;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = Durations.class,
            description = "cancel the update and roll back after this long (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--rollback-grace", paramLabel = "DURATION", defaultValue = "10m", converter = Durations.class,
            description = "after cancelling at --timeout, follow the rollback for at most this long, then answer (default: ${DEFAULT-VALUE})")
    Duration rollbackGrace;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, recorded with the change set")
    String reason;

    @Option(names = "--approved-by", paramLabel = "NAME", description = "who approved this rollback, recorded in the history")
    String approvedBy;

    @Option(names = "--plan", description = "show the version it would return to and the change set, without rolling back")
    boolean plan;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() {
        Names.stack(spec, "--stack", stack);
        if (to != null) {
            Names.version(spec, "--to", to);
        }
        Names.parameter(spec, "--parameter", parameter);
        Names.text(spec, "--reason", reason, DeployCommand.REASON_LIMIT);
        Names.person(spec, "--approved-by", approvedBy);
        output.validate(spec);
        if (plan && report.dir != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--report applies to a rollback, not to --plan");
        }
        report.validate(spec);
        CliContext context = parent.context();
        String target;
        try (AwsClients clients = context.aws().apply(aws.settings(context.env()));
             var cfn = clients.cloudFormation(); var ecs = clients.ecs()) {
            List<HistoryEntry> history = new HistoryReader(cfn, ecs).read(stack, parameter);
            String current = cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).parameters().stream()
                    .filter(p -> p.parameterKey().equals(parameter)).map(Parameter::parameterValue).findFirst().orElse(null);
            target = RollbackTarget.choose(stack, current, Optional.ofNullable(to), history);
        }
        DeployOptions options = new DeployOptions(stack, target, parameter, timeout, DeployOptions.Verb.ROLLBACK,
                Who.of(context.env()), reason, DeployOptions.DEFAULT_REPOSITORY_PARAMETER, false, approvedBy, rollbackGrace);
        if (plan) {
            return PlanCommand.run(spec, parent, aws, output, options);
        }
        return DeployCommand.run(spec, parent, aws, output, report, "rollback", options);
    }
}
