package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.rollout.DeploymentView;
import dev.berth.engine.rollout.RolloutBounds;
import dev.berth.engine.rollout.ServiceEventView;
import dev.berth.engine.rollout.TaskDefinitions;
import dev.berth.engine.status.ServiceStatus;
import dev.berth.engine.status.StatusOptions;
import dev.berth.engine.status.StatusReader;
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

/** {@code berth status}: what services run now, their deployments and rollout bounds. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show ECS services: counts, deployments, rollout bounds and recent events.")
final class StatusCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @ParentCommand
    BerthCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions target;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        target.validate(spec);
        String cluster = target.cluster;
        CliContext context = parent.context();
        List<ServiceStatus> statuses;
        try (AwsClients clients = context.aws().apply(aws.settings(context.env()));
             var ecs = clients.ecs()) {
            statuses = new StatusReader(ecs).read(new StatusOptions(cluster, target.services));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ResultJson json = new ResultJson();
            ObjectNode node = json.mapper().createObjectNode();
            node.put("schemaVersion", ResultJson.SCHEMA_VERSION);
            node.put("command", "status");
            node.put("cluster", cluster);
            ArrayNode list = node.putArray("services");
            statuses.forEach(s -> list.add(json.mapper().valueToTree(s)));
            out.println(json.write(node));
        } else {
            statuses.forEach(s -> print(out, cluster, s));
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, String cluster, ServiceStatus s) {
        RolloutBounds b = s.bounds();
        out.printf("%s/%s  %s  %s  desired %d running %d pending %d%n", cluster, s.service(), s.status(),
                TaskDefinitions.shortName(s.taskDefinition()), s.desired(), s.running(), s.pending());
        out.printf("  rollout: MinimumHealthyPercent %d, MaximumPercent %d -> at least %d healthy, at most %d running or pending;"
                        + " circuit breaker %s%n", b.minimumHealthyPercent(), b.maximumPercent(), b.lower(), b.upper(),
                s.circuitBreaker() ? (s.rollback() ? "on, with rollback" : "on, without rollback") : "off");
        if (b.stuck()) {
            out.println("  warning: " + b.stuckExplanation());
        }
        for (DeploymentView d : s.deployments()) {
            out.println("  " + ProgressPrinter.deployment(d));
        }
        for (ServiceEventView e : s.recentEvents()) {
            out.println("  " + (e.createdAt() == null ? "" : TIME.format(e.createdAt()) + " ") + e.message());
        }
    }
}
