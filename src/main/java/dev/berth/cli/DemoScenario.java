package dev.berth.cli;

import dev.berth.engine.Outcome;
import dev.berth.engine.RefusedException;
import dev.berth.engine.deploy.DeployOptions;
import dev.berth.engine.deploy.DeployResult;
import dev.berth.engine.deploy.Deployer;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.history.HistoryEntry;
import dev.berth.engine.history.HistoryReader;
import dev.berth.engine.history.RollbackTarget;
import dev.berth.engine.rollout.PollPolicy;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.stack.StackDeployer;
import dev.berth.engine.stack.StackTemplates;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's story, through CloudFormation as teams run it: a cluster stack and a service stack
 * from berth's templates, a good release, a crashing release the circuit breaker rolls back, a
 * release manager's rollback, and the history.
 */
final class DemoScenario {
    static final String CLUSTER_STACK = "demo-cluster";
    static final String SERVICE_STACK = "demo-web";
    static final String REPOSITORY = "berth-demo/web";

    record Step(String label, String version, Outcome expected, Outcome outcome, Duration duration, String reason) {
        boolean asExpected() {
            return expected == outcome;
        }
    }

    private final CloudFormationClient cfn;
    private final EcsClient ecs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DeploymentListener listener;

    DemoScenario(CloudFormationClient cfn, EcsClient ecs, Clock clock, Sleeper sleeper, DeploymentListener listener) {
        this.cfn = cfn;
        this.ecs = ecs;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    List<Step> run() {
        List<Step> steps = new ArrayList<>();
        StackDeployer stacks = new StackDeployer(cfn, clock, sleeper, listener);
        StackDeployer.Result cluster = stacks.deploy(CLUSTER_STACK, StackTemplates.bundled("cluster"), Map.of(),
                Duration.ofMinutes(30));
        steps.add(new Step("cluster stack", "-", Outcome.SUCCEEDED, cluster.outcome(),
                Duration.between(cluster.startedAt(), cluster.finishedAt()), cluster.reason()));
        StackDeployer.Result service = stacks.deploy(SERVICE_STACK, StackTemplates.bundled("service"),
                Map.of("ClusterStack", CLUSTER_STACK, "Repository", REPOSITORY, "Version", "1.0.0", "DesiredCount", "4"),
                Duration.ofMinutes(30));
        steps.add(new Step("service stack", "1.0.0", Outcome.SUCCEEDED, service.outcome(),
                Duration.between(service.startedAt(), service.finishedAt()), service.reason()));
        if (cluster.outcome() != Outcome.SUCCEEDED || service.outcome() != Outcome.SUCCEEDED) {
            return steps;
        }
        steps.add(deploy("good release", "1.1.0", DeployOptions.Verb.DEPLOY, Outcome.SUCCEEDED));
        steps.add(deploy("bad release", "1.2.0-crash", DeployOptions.Verb.DEPLOY, Outcome.ROLLED_BACK));
        String current = "1.1.0";
        String target = RollbackTarget.choose(SERVICE_STACK, current, Optional.empty(), history());
        steps.add(deploy("manual rollback", target, DeployOptions.Verb.ROLLBACK, Outcome.SUCCEEDED));
        return steps;
    }

    List<HistoryEntry> history() {
        return new HistoryReader(cfn).read(SERVICE_STACK);
    }

    private Step deploy(String label, String version, DeployOptions.Verb verb, Outcome expected) {
        DeployOptions options = new DeployOptions(SERVICE_STACK, version, DeployOptions.DEFAULT_PARAMETER,
                Duration.ofMinutes(30), verb, "demo", label);
        try {
            DeployResult result = new Deployer(cfn, ecs, null, clock, sleeper, listener, PollPolicy.DEFAULT).deploy(options);
            return new Step(label, version, expected, result.outcome(), result.duration(), result.reason());
        } catch (RefusedException e) {
            return new Step(label, version, expected, null, Duration.ZERO, "refused: " + e.getMessage());
        }
    }
}
