package dev.berth.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.util.List;

/** The services a command is about: {@code --cluster} and one or more {@code --service}. */
final class ServiceOptions {
    @Option(names = "--cluster", required = true, paramLabel = "CLUSTER", description = "cluster name or ARN")
    String cluster;

    @Option(names = "--service", required = true, split = ",", paramLabel = "SERVICE",
            description = "service name or ARN; repeat or separate with commas for several")
    List<String> services;

    /** Checks the names before any AWS call; a bad one is a usage error naming the option. */
    void validate(CommandSpec spec) {
        Names.cluster(spec, "--cluster", cluster);
        for (String service : services) {
            Names.service(spec, "--service", service);
        }
    }
}
