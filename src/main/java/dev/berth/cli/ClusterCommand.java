package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.stack.StackDeployer;
import dev.berth.engine.stack.StackTemplates;
import dev.berth.report.ResultJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code berth cluster}: stacks from berth's templates. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Create or update stacks from berth's CloudFormation templates, and roll a cluster stack's container instances.",
        subcommands = {ClusterCommand.Deploy.class, ClusterRollCommand.class})
final class ClusterCommand implements Callable<Integer> {
    @ParentCommand
    BerthCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return BerthCommand.USAGE;
    }

    /** {@code berth cluster deploy}: create or update a stack from a template, parameters not given kept. */
    @Command(name = "deploy", mixinStandardHelpOptions = true,
            description = "Create or update a stack from the bundled cluster template (default), the bundled service template, or a template file; parameters not given keep their values.")
    static final class Deploy implements Callable<Integer> {
        @ParentCommand
        ClusterCommand cluster;

        @Spec
        CommandSpec spec;

        @Option(names = "--stack", required = true, paramLabel = "STACK", description = "the stack to create or update")
        String stack;

        @Option(names = "--template", paramLabel = "TEMPLATE", defaultValue = "cluster",
                description = "cluster or service (bundled), or a template file (default: ${DEFAULT-VALUE})")
        String template;

        @Option(names = {"-p", "--parameter"}, paramLabel = "KEY=VALUE", description = "a template parameter (repeatable)")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "45m", converter = Durations.class,
                description = "give up after this long (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Mixin
        AwsOptions aws;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() {
            Names.stack(spec, "--stack", stack);
            Names.text(spec, "--template", template, 4096);
            parameters.forEach((key, value) -> {
                Names.parameter(spec, "--parameter", key);
                Names.value(spec, "--parameter", value, 4096);
            });
            output.validate(spec);
            String body;
            try {
                body = StackTemplates.read(template);
            } catch (dev.berth.engine.RefusedException e) {
                throw new dev.berth.engine.RefusedException("'--template': " + e.getMessage(), e);
            }
            CliContext context = cluster.parent.context();
            ProgressPrinter printer = output.printer(spec, context);
            StackDeployer.Result result;
            try (AwsClients clients = context.aws().apply(aws.settings(context.env()));
                 var cfn = clients.cloudFormation()) {
                result = new StackDeployer(cfn, context.clock(), context.sleeper(), printer).deploy(stack, body, parameters, timeout);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                ResultJson json = new ResultJson();
                ObjectNode node = json.mapper().createObjectNode();
                node.put("schemaVersion", ResultJson.SCHEMA_VERSION);
                node.put("command", "cluster deploy");
                node.put("outcome", result.outcome().name());
                node.put("exitCode", result.outcome().exitCode());
                node.put("reason", result.reason());
                node.put("stack", result.stack());
                node.put("stackStatus", result.stackStatus());
                node.set("outputs", json.mapper().valueToTree(result.outputs()));
                out.println(json.write(node));
            } else {
                out.println(result.outcome() + ": " + ProgressPrinter.safe(result.reason()));
                result.outputs().forEach((key, value) -> out.println("  " + ProgressPrinter.safe(key) + " = "
                        + ProgressPrinter.safe(value)));
            }
            out.flush();
            return result.outcome().exitCode();
        }
    }
}
