package dev.berth.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.capacity.CapacityAdvice;
import dev.berth.engine.capacity.InstanceTypes;
import dev.berth.report.ResultJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code berth capacity}: the cluster-scaling threshold from instance capacity and the largest reservation. */
@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = "Compute the cluster scale-up threshold by the rule of thumb (1 - largest container reservation / instance capacity) x 100, for CPU and memory; the lower one binds. Use it for the cluster stack's ScaleUpThreshold. With --cluster, read a live cluster: each instance's registered and remaining resources, the services' reservations, the threshold, and whether the largest service's surge fits now.")
final class CapacityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    BerthCommand parent;

    @Option(names = "--cluster", paramLabel = "CLUSTER", description = "read this live ECS cluster instead of computing from given figures")
    String cluster;

    @Mixin
    AwsOptions aws;

    @Option(names = "--instance-type", paramLabel = "TYPE", description = "an instance type whose capacity berth knows")
    String instanceType;

    @Option(names = "--instance-cpu", paramLabel = "UNITS", description = "CPU units one instance offers (1024 per vCPU)")
    Integer instanceCpu;

    @Option(names = "--instance-memory", paramLabel = "MIB", description = "memory one instance registers with ECS, in MiB")
    Integer instanceMemory;

    @Option(names = "--largest-cpu", paramLabel = "UNITS", defaultValue = "0",
            description = "CPU units the largest task reserves")
    int largestCpu;

    @Option(names = "--largest-memory", paramLabel = "MIB", defaultValue = "0",
            description = "memory the largest task reserves, in MiB")
    int largestMemory;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        if (cluster != null) {
            if (instanceType != null || instanceCpu != null || instanceMemory != null || largestCpu != 0 || largestMemory != 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--cluster reads the figures from the cluster: leave out --instance-* and --largest-*");
            }
            Names.cluster(spec, "--cluster", cluster);
            output.validate(spec);
            return ClusterCapacityPrinter.run(spec, parent, aws, output, cluster);
        }
        int cpu;
        int memory;
        if (instanceType != null) {
            InstanceTypes.Capacity capacity = InstanceTypes.of(instanceType).orElseThrow(() ->
                    new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--instance-type': '"
                            + dev.berth.text.ForeignText.echo(instanceType) + "' is not one berth knows (" + InstanceTypes.known()
                            + "); give --instance-cpu and --instance-memory instead"));
            cpu = instanceCpu != null ? instanceCpu : capacity.cpu();
            memory = instanceMemory != null ? instanceMemory : capacity.memoryMiB();
        } else if (instanceCpu != null && instanceMemory != null) {
            cpu = instanceCpu;
            memory = instanceMemory;
        } else {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give --instance-type, or both --instance-cpu and --instance-memory");
        }
        CapacityAdvice advice = CapacityAdvice.of(cpu, memory, largestCpu, largestMemory);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ResultJson json = new ResultJson();
            ObjectNode node = json.mapper().valueToTree(advice);
            node.put("threshold", advice.threshold());
            node.put("binding", advice.binding());
            out.println(json.write(node));
        } else {
            out.printf("CPU:    (1 - %d / %d) x 100 = %d%%%n", largestCpu, cpu, advice.cpuThreshold());
            out.printf("memory: (1 - %d / %d) x 100 = %d%%%n", largestMemory, memory, advice.memoryThreshold());
            out.printf("scale up when %s passes %d%% (ScaleUpThreshold=%d): the largest task still fits on the instances running%n",
                    advice.binding(), advice.threshold(), advice.threshold());
        }
        out.flush();
        return 0;
    }
}
