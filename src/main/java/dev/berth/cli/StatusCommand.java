package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.RefusedException;
import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.rollout.DeploymentView;
import dev.berth.engine.rollout.RolloutBounds;
import dev.berth.engine.rollout.ServiceEventView;
import dev.berth.engine.rollout.TaskDefinitions;
import dev.berth.engine.stack.StackServices;
import dev.berth.engine.status.ServiceStatus;
import dev.berth.engine.status.StatusOptions;
import dev.berth.engine.status.StatusReader;
import dev.berth.report.ResultJson;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code berth status}: what services run now, their deployments and rollout bounds. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show ECS services (named, or every one a stack owns): counts, deployments, rollout bounds and recent events.")
final class StatusCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @ParentCommand
    BerthCommand parent;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** The services: named, or those a stack owns. */
    static final class Target {
        @ArgGroup(exclusive = false)
        ServiceOptions named;

        @Option(names = "--stack", paramLabel = "STACK", description = "every ECS service this CloudFormation stack owns")
        String stack;
    }

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        if (target.stack != null) {
            Names.stack(spec, "--stack", target.stack);
        } else {
            target.named.validate(spec);
        }
        CliContext context = parent.context();
        Map<String, List<ServiceStatus>> byCluster = new LinkedHashMap<>();
        try (AwsClients clients = context.aws().apply(aws.settings(context.env()));
             var ecs = clients.ecs()) {
            Map<String, List<String>> wanted = new LinkedHashMap<>();
            if (target.stack != null) {
                try (var cfn = clients.cloudFormation()) {
                    for (StackServices.StackService owned : StackServices.of(cfn, target.stack)) {
                        wanted.computeIfAbsent(owned.cluster(), c -> new ArrayList<>()).add(owned.serviceArn());
                    }
                }
                if (wanted.isEmpty()) {
                    throw new RefusedException("stack " + target.stack + " owns no ECS service");
                }
            } else {
                wanted.put(target.named.cluster, target.named.services);
            }
            StatusReader reader = new StatusReader(ecs);
            wanted.forEach((cluster, services) -> byCluster.put(cluster, reader.read(new StatusOptions(cluster, services))));
            if (byCluster.values().stream().anyMatch(dev.berth.engine.status.AlarmStates::needed)) {
                try (var cloudWatch = clients.cloudWatch()) {
                    var states = new dev.berth.engine.status.AlarmStates(cloudWatch);
                    byCluster.replaceAll((cluster, statuses) -> states.fill(statuses));
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ResultJson json = new ResultJson();
            ObjectNode node = json.mapper().createObjectNode();
            node.put("schemaVersion", ResultJson.SCHEMA_VERSION);
            node.put("command", "status");
            if (target.stack != null) {
                node.put("stack", target.stack);
            }
            if (byCluster.size() == 1) {
                node.put("cluster", byCluster.keySet().iterator().next());
            }
            ArrayNode list = node.putArray("services");
            byCluster.forEach((cluster, statuses) -> statuses.forEach(s ->
                    list.add(((ObjectNode) json.mapper().valueToTree(s)).put("cluster", cluster))));
            out.println(json.write(node));
        } else {
            byCluster.forEach((cluster, statuses) -> statuses.forEach(s -> print(out, cluster, s)));
        }
        out.flush();
        return 0;
    }

    private static String safe(String text) {
        return ProgressPrinter.safe(text);
    }

    private void print(PrintWriter out, String cluster, ServiceStatus s) {
        RolloutBounds b = s.bounds();
        out.printf("%s/%s  %s  %s  desired %d running %d pending %d%n", safe(cluster), safe(s.service()), safe(s.status()),
                safe(TaskDefinitions.shortName(s.taskDefinition())), s.desired(), s.running(), s.pending());
        out.printf("  rollout: MinimumHealthyPercent %d, MaximumPercent %d -> at least %d healthy, at most %d running or pending;"
                        + " circuit breaker %s%n", b.minimumHealthyPercent(), b.maximumPercent(), b.lower(), b.upper(),
                s.circuitBreaker() ? (s.rollback() ? "on, with rollback" : "on, without rollback") : "off");
        if (b.stuck()) {
            out.println("  warning: " + safe(b.stuckExplanation()));
        }
        if (!s.alarmSettings().alarmNames().isEmpty()) {
            out.println("  deployment alarms: " + safe(s.alarmSettings().describe()));
            for (dev.berth.engine.status.AlarmStatus alarm : s.alarms()) {
                out.println("    " + safe(alarm.name()) + "  " + (alarm.state() == null ? "not found in CloudWatch"
                        : safe(alarm.state()) + (alarm.since() == null ? "" : " since " + TIME.format(alarm.since()))
                        + (alarm.reason() == null ? "" : "  " + safe(alarm.reason()))));
            }
        }
        for (DeploymentView d : s.deployments()) {
            out.println("  " + ProgressPrinter.deployment(d));
        }
        for (ServiceEventView e : s.recentEvents()) {
            out.println("  " + (e.createdAt() == null ? "" : TIME.format(e.createdAt()) + " ") + safe(e.message()));
        }
    }
}
