package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.capacity.CapacityAdvice;
import dev.berth.engine.capacity.ClusterCapacity;
import dev.berth.report.ResultJson;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;

/** Reads a live cluster's room for {@code berth capacity --cluster} and prints it. */
final class ClusterCapacityPrinter {
    private ClusterCapacityPrinter() {
    }

    static int run(CommandSpec spec, BerthCommand parent, AwsOptions aws, OutputOptions output, String cluster) {
        CliContext context = parent.context();
        ClusterCapacity.Report report;
        try (AwsClients clients = context.aws().apply(aws.settings(context.env())); var ecs = clients.ecs()) {
            report = new ClusterCapacity(ecs).read(cluster);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ResultJson json = new ResultJson();
            ObjectNode node = json.mapper().createObjectNode();
            node.put("schemaVersion", ResultJson.SCHEMA_VERSION);
            node.put("command", "capacity");
            node.setAll((ObjectNode) json.mapper().valueToTree(report));
            if (report.advice() != null) {
                ((ObjectNode) node.get("advice")).put("threshold", report.advice().threshold()).put("binding", report.advice().binding());
            }
            out.println(json.write(node));
        } else {
            print(out, report);
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, ClusterCapacity.Report report) {
        out.printf("cluster %s: %d ACTIVE container instance%s%n", safe(report.cluster()), report.instances().size(),
                report.instances().size() == 1 ? "" : "s");
        for (ClusterCapacity.Instance i : report.instances()) {
            out.printf("  %s %s %s: CPU %d of %d free, memory %d of %d MiB free, %d running, %d pending%n",
                    safe(i.ec2InstanceId()), safe(i.instanceType()), safe(i.availabilityZone()), i.remainingCpu(), i.registeredCpu(),
                    i.remainingMemoryMiB(), i.registeredMemoryMiB(), i.runningTasks(), i.pendingTasks());
        }
        for (ClusterCapacity.ServiceRoom s : report.services()) {
            out.printf("service %s: desired %d, each task CPU %d, memory %d MiB; %s%n", safe(s.service()), s.desired(),
                    s.taskCpu(), s.taskMemoryMiB(), safe(s.capacity().reason()));
        }
        CapacityAdvice advice = report.advice();
        if (advice != null) {
            out.printf("scale up when %s passes %d%% (CPU (1 - %d / %d) x 100 = %d%%, memory (1 - %d / %d) x 100 = %d%%)%n",
                    advice.binding(), advice.threshold(), advice.largestCpu(), advice.instanceCpu(), advice.cpuThreshold(),
                    advice.largestMemoryMiB(), advice.instanceMemoryMiB(), advice.memoryThreshold());
        }
        out.printf("%s: %s%n", report.absorbsLargestSurge() ? "the cluster absorbs the largest surge now"
                : "the cluster cannot absorb the largest surge now", safe(report.verdict()));
    }

    private static String safe(String text) {
        return ProgressPrinter.safe(text);
    }
}
