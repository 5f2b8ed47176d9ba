package dev.berth.cli;

import dev.berth.engine.BerthException;
import dev.berth.engine.Outcome;
import dev.berth.engine.RefusedException;
import dev.berth.engine.deploy.DeployOptions;
import dev.berth.engine.deploy.DeployResult;
import dev.berth.engine.deploy.Deployer;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.history.HistoryEntry;
import dev.berth.engine.history.HistoryReader;
import dev.berth.engine.history.RollbackTarget;
import dev.berth.engine.push.DockerCli;
import dev.berth.engine.push.ImageSource;
import dev.berth.engine.push.PushOptions;
import dev.berth.engine.push.PushResult;
import dev.berth.engine.push.Pusher;
import dev.berth.engine.rollout.PollPolicy;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.stack.StackDeployer;
import dev.berth.engine.stack.StackTemplates;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's story, as teams run it: three releases pushed to ECR, a cluster stack and a service
 * stack from berth's templates, a good release, a crashing release the circuit breaker rolls back,
 * a release manager's rollback, and the history.
 */
final class DemoScenario {
    static final String CLUSTER_STACK = "demo-cluster";
    static final String SERVICE_STACK = "demo-web";
    static final String REPOSITORY = "berth-demo/web";
    static final List<String> RELEASES = List.of("1.0.0", "1.1.0", "1.2.0-crash");

    /** One step of the story; {@code result} is the deploy's whole result, for deploys that ran. */
    record Step(String label, String version, Outcome expected, Outcome outcome, Duration duration, String reason,
                DeployResult result) {
        Step(String label, String version, Outcome expected, Outcome outcome, Duration duration, String reason) {
            this(label, version, expected, outcome, duration, reason, null);
        }

        boolean asExpected() {
            return expected == outcome;
        }
    }

    private final CloudFormationClient cfn;
    private final EcsClient ecs;
    private final EcrClient ecr;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DeploymentListener listener;

    DemoScenario(CloudFormationClient cfn, EcsClient ecs, EcrClient ecr, Clock clock, Sleeper sleeper,
                 DeploymentListener listener) {
        this.cfn = cfn;
        this.ecs = ecs;
        this.ecr = ecr;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    List<Step> run() {
        List<Step> steps = new ArrayList<>();
        String repositoryUri = null;
        for (String release : RELEASES) {
            Step push = push(release);
            steps.add(push);
            if (!push.asExpected()) {
                return steps;
            }
            repositoryUri = push.reason().substring(0, push.reason().indexOf('@'));
        }
        StackDeployer stacks = new StackDeployer(cfn, clock, sleeper, listener);
        StackDeployer.Result cluster = stacks.deploy(CLUSTER_STACK, StackTemplates.bundled("cluster"), Map.of(),
                Duration.ofMinutes(30));
        steps.add(new Step("cluster stack", "-", Outcome.SUCCEEDED, cluster.outcome(),
                cluster.timing().duration(), cluster.reason()));
        StackDeployer.Result service = stacks.deploy(SERVICE_STACK, StackTemplates.bundled("service"),
                Map.of("ClusterStack", CLUSTER_STACK, "Repository", repositoryUri, "Version", "1.0.0", "DesiredCount", "4"),
                Duration.ofMinutes(30));
        steps.add(new Step("service stack", "1.0.0", Outcome.SUCCEEDED, service.outcome(),
                service.timing().duration(), service.reason()));
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

    /** Pushes a release built from a small docker save archive, the way --tar does, with no daemon. */
    private Step push(String version) {
        Instant started = clock.instant();
        Path tar = null;
        try {
            tar = DockerSaveArchive.write(Files.createTempFile("berth-demo", ".tar"), "berth demo release " + version + "\n");
            PushResult pushed = new Pusher(ecr, DockerCli.from(Map.of()), clock, listener)
                    .push(new PushOptions(REPOSITORY, List.of(version), new ImageSource.Archive(tar), true, 10));
            return new Step("push", version, Outcome.SUCCEEDED, Outcome.SUCCEEDED, Duration.between(started, clock.instant()),
                    pushed.repositoryUri() + "@" + pushed.digest() + " (" + pushed.bytesSent() + " bytes sent)");
        } catch (IOException e) {
            return new Step("push", version, Outcome.SUCCEEDED, Outcome.FAILED, Duration.ZERO,
                    "cannot write the demo image: " + e.getMessage());
        } catch (BerthException e) {
            return new Step("push", version, Outcome.SUCCEEDED, null, Duration.ZERO, "refused: " + e.getMessage());
        } finally {
            if (tar != null) {
                tar.toFile().delete();
            }
        }
    }

    private Step deploy(String label, String version, DeployOptions.Verb verb, Outcome expected) {
        DeployOptions options = new DeployOptions(SERVICE_STACK, version, DeployOptions.DEFAULT_PARAMETER,
                Duration.ofMinutes(30), verb, "demo", label);
        try {
            DeployResult result = new Deployer(cfn, ecs, ecr, clock, sleeper, listener, PollPolicy.DEFAULT).deploy(options);
            return new Step(label, version, expected, result.outcome(), result.duration(), result.reason(), result);
        } catch (RefusedException e) {
            return new Step(label, version, expected, null, Duration.ZERO, "refused: " + e.getMessage());
        }
    }
}
