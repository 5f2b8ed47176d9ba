package dev.berth.cli;

import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.deploy.BakeOptions;
import dev.berth.engine.deploy.BakedDeploy;
import dev.berth.engine.deploy.DeployOptions;
import dev.berth.engine.deploy.DeployResult;
import dev.berth.engine.deploy.Deployer;
import dev.berth.engine.rollout.PollPolicy;
import dev.berth.report.Report;
import dev.berth.report.ResultJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code berth deploy}: a new version through the service's CloudFormation stack, with a strict verdict. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy a version: update the stack's version parameter through a change set (every other parameter keeps its value), follow the stack events and the ECS rollout, and give a strict verdict. Pre-flight refuses, changing nothing, when the stack cannot be updated or the rollout could never finish.")
final class DeployCommand implements Callable<Integer> {
    /** A reason longer than this would not fit in the change set's description (1024 characters). */
    static final int REASON_LIMIT = 900;

    @ParentCommand
    BerthCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--stack", required = true, paramLabel = "STACK", description = "the service's CloudFormation stack")
    String stack;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "the image tag to deploy")
    String version;

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

    @Option(names = "--repository-parameter", paramLabel = "NAME", defaultValue = DeployOptions.DEFAULT_REPOSITORY_PARAMETER,
            description = "the template parameter that names the image repository, as --pin-digest's refusal names it; pre-flight checks the images the template builds, whatever their parameters (default: ${DEFAULT-VALUE})")
    String repositoryParameter;

    @Option(names = "--approved-by", paramLabel = "NAME", description = "who approved this deploy, recorded in the history")
    String approvedBy;

    @Option(names = "--bake-time", paramLabel = "DURATION", converter = Durations.class,
            description = "after the rollout completed, keep watching the services' tasks (and --alarm) this long before SUCCEEDED; a failure rolls back to the previous version (default: none)")
    Duration bakeTime;

    @Option(names = "--alarm", paramLabel = "NAME",
            description = "a CloudWatch alarm to watch during --bake-time; in ALARM, it fails the release (repeatable)")
    List<String> alarms = new ArrayList<>();

    @Option(names = "--pin-digest", description = "set the version parameter to REPOSITORY@sha256:..., the version's digest, for templates whose parameter takes a full image reference")
    boolean pinDigest;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() {
        DeployOptions options = options(DeployOptions.Verb.DEPLOY);
        report.validate(spec);
        for (String alarm : alarms) {
            Names.matching(spec, "--alarm", alarm, ALARM_NAME, 255, "a CloudWatch alarm name (1 to 255 printable characters)");
            Names.text(spec, "--alarm", alarm, 255);
        }
        BakeOptions bake;
        try {
            bake = new BakeOptions(bakeTime, alarms);
        } catch (dev.berth.engine.RefusedException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), (bakeTime == null ? "--alarm: " : "--bake-time: ")
                    + e.getMessage());
        }
        return run(spec, parent, aws, output, report, "deploy", options, bake);
    }

    DeployOptions options(DeployOptions.Verb verb) {
        Names.stack(spec, "--stack", stack);
        Names.version(spec, "--version", version);
        Names.parameter(spec, "--parameter", parameter);
        Names.parameter(spec, "--repository-parameter", repositoryParameter);
        Names.text(spec, "--reason", reason, REASON_LIMIT);
        try {
            Names.person(spec, "--approved-by", approvedBy);
            return new DeployOptions(stack, version, parameter, timeout, verb, Who.of(parent.context().env()), reason,
                    repositoryParameter, pinDigest, approvedBy, rollbackGrace);
        } catch (dev.berth.engine.RefusedException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Runs a deploy (or rollback) and prints its result; shared by deploy and rollback. */
    private static final java.util.regex.Pattern ALARM_NAME = java.util.regex.Pattern.compile("[^\\p{Cntrl}]{1,255}");

    static int run(CommandSpec spec, BerthCommand parent, AwsOptions aws, OutputOptions output, ReportOptions report,
                   String command, DeployOptions options) {
        return run(spec, parent, aws, output, report, command, options, BakeOptions.NONE);
    }

    static int run(CommandSpec spec, BerthCommand parent, AwsOptions aws, OutputOptions output, ReportOptions report,
                   String command, DeployOptions options, BakeOptions bake) {
        CliContext context = parent.context();
        DeployResult result;
        try (ProgressPrinter printer = output.printer(spec, context);
             AwsClients clients = context.aws().apply(aws.settings(context.env()));
             var cfn = clients.cloudFormation(); var ecs = clients.ecs(); var ecr = clients.ecr();
             var cloudWatch = clients.lazyCloudWatch()) {
            Deployer deployer = new Deployer(cfn, ecs, ecr, cloudWatch, context.clock(), context.sleeper(), printer,
                    PollPolicy.DEFAULT);
            result = new BakedDeploy(deployer, cfn, ecs, cloudWatch, context.clock(), context.sleeper(), printer)
                    .deploy(options, bake);
        }
        ResultJson json = new ResultJson();
        String resultJson = output.json() || report.wanted() ? json.write(json.deploy(command, result)) : null;
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(resultJson);
        } else {
            out.printf("%s in %.1fs: %s%n", result.outcome(), result.duration().toMillis() / 1000.0,
                    ProgressPrinter.safe(result.reason()));
        }
        out.flush();
        report.write(spec, Report.of(command, result), resultJson);
        return result.outcome().exitCode();
    }
}
