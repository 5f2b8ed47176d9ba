package dev.berth.testing;

import dev.berth.engine.Outcome;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.stack.StackDeployer;
import dev.berth.engine.stack.StackTemplates;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A cluster stack and a service stack from berth's bundled templates, created on the simulator. */
public final class StackFixture {
    private StackFixture() {
    }

    /** Creates {@code name}-ecs and {@code name}-web (Version 1, repository repo/web); returns the service stack's name. */
    public static String clusterAndService(SimFixture sim, String name, Map<String, String> serviceParameters) {
        return clusterAndService(sim, name, Map.of(), serviceParameters);
    }

    /** The same, with parameters for the cluster stack. */
    public static String clusterAndService(SimFixture sim, String name, Map<String, String> clusterParameters,
                                           Map<String, String> serviceParameters) {
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            StackDeployer stacks = new StackDeployer(cfn, Clock.systemUTC(), Sleeper.REAL, DeploymentListener.NONE);
            cluster(sim, name, clusterParameters);
            Map<String, String> parameters = new LinkedHashMap<>(Map.of("ClusterStack", name + "-ecs",
                    "Repository", "repo/web", "Version", "1"));
            parameters.putAll(serviceParameters);
            StackDeployer.Result service = stacks.deploy(name + "-web", StackTemplates.bundled("service"), parameters,
                    Duration.ofMinutes(2));
            assertThat(service.outcome()).as(service.reason()).isEqualTo(Outcome.SUCCEEDED);
            return name + "-web";
        }
    }

    /** Creates {@code name}-ecs from the bundled cluster template; returns the stack's name. */
    public static String cluster(SimFixture sim, String name, Map<String, String> clusterParameters) {
        return stack(sim, name + "-ecs", StackTemplates.bundled("cluster"), clusterParameters);
    }

    /** Creates a stack from {@code template} and waits until it is complete. */
    public static String stack(SimFixture sim, String name, String template, Map<String, String> parameters) {
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            StackDeployer stacks = new StackDeployer(cfn, Clock.systemUTC(), Sleeper.REAL, DeploymentListener.NONE);
            StackDeployer.Result result = stacks.deploy(name, template, parameters, Duration.ofMinutes(2));
            assertThat(result.outcome()).as(result.reason()).isEqualTo(Outcome.SUCCEEDED);
            return name;
        }
    }
}
