package dev.berth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.berth.engine.Outcome;
import dev.berth.engine.events.DeploymentListener;
import dev.berth.engine.rollout.Sleeper;
import dev.berth.engine.stack.StackDeployer;
import dev.berth.engine.stack.StackTemplates;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * berth cluster roll on the cluster stack: three instances carrying two services are replaced one
 * at a time, every service within its bounds the whole way (watched here independently of berth,
 * far more often than berth polls); a group at its MaxSize whose services cannot lose a task is
 * refused before any change. The cluster's scaling policies stay active: the roll suspends the group's
 * alarm-driven scaling for its duration and resumes it at the end. (Rolling without a spare is the
 * driver's to test: ClusterRollerTest.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRollStoriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private SimFixture sim;

    @BeforeAll
    void start() {
        sim = SimFixture.start(60);
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    @Test
    void threeInstancesCarryingTwoServicesAreReplacedOneAtATimeWithinEveryServicesBounds() throws Exception {
        String cluster = clusterWithTwoServices("roll", "4");
        List<String> before = instances("roll");
        assertThat(before).hasSize(3);

        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean watching = new AtomicBoolean(true);
        int[] polls = {0};
        List<Integer> desiredWhileSuspended = Collections.synchronizedList(new ArrayList<>());
        Thread watcher = new Thread(() -> {
            try (EcsClient ecs = sim.ecs(); AutoScalingClient autoScaling = sim.clients().autoScaling()) {
                while (watching.get()) {
                    var group = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("roll")).autoScalingGroups().get(0);
                    if (group.suspendedProcesses().stream().anyMatch(p -> p.processName().equals("AlarmNotification"))) {
                        desiredWhileSuspended.add(group.desiredCapacity());
                    }
                    List<String> arns = ecs.listServices(r -> r.cluster(cluster)).serviceArns();
                    for (Service s : ecs.describeServices(r -> r.cluster(cluster).services(arns)).services()) {
                        int lower = (s.desiredCount() * s.deploymentConfiguration().minimumHealthyPercent() + 99) / 100;
                        int upper = s.desiredCount() * s.deploymentConfiguration().maximumPercent() / 100;
                        if (s.runningCount() < lower || s.runningCount() + s.pendingCount() > upper) {
                            violations.add(s.serviceName() + " running " + s.runningCount() + " pending " + s.pendingCount());
                        }
                    }
                    polls[0]++;
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bounds-watcher");
        watcher.start();
        CliRun run;
        try {
            run = CliRun.against(sim, "cluster", "roll", "--stack", "roll", "--poll", "1s", "--timeout", "5m", "--json");
        } finally {
            watching.set(false);
            watcher.join();
        }
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(polls[0]).as("independent polls of the services").isGreaterThan(50);
        assertThat(violations).as("a service outside its bounds").isEmpty();
        // the idle cluster's scale-in alarm would shrink the group under the roll: suspended, it does not
        assertThat(desiredWhileSuspended).as("desired capacity while the roll held AlarmNotification suspended")
                .hasSizeGreaterThan(20).allSatisfy(d -> assertThat(d).isIn(3, 4));
        assertThat(run.stderr()).contains("growing").contains("draining").contains("terminating").doesNotContain("breached")
                .contains("suspended AlarmNotification, AZRebalance, ScheduledActions of group roll")
                .contains("resumed: AlarmNotification, AZRebalance, ScheduledActions of group roll");
        try (AutoScalingClient autoScaling = sim.clients().autoScaling()) {
            assertThat(autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("roll")).autoScalingGroups().get(0)
                    .suspendedProcesses()).as("processes left suspended").isEmpty();
        }

        JsonNode result = JSON.readTree(run.stdout());
        assertThat(result.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.path("plan").asText()).isEqualTo("SURGE");
        List<String> olds = new ArrayList<>();
        List<String> news = new ArrayList<>();
        result.path("replaced").forEach(r -> {
            olds.add(r.path("oldInstance").asText());
            news.add(r.path("newInstance").asText());
        });
        assertThat(olds).containsExactlyInAnyOrderElementsOf(before);
        assertThat(news).hasSize(3).doesNotHaveDuplicates().doesNotContainAnyElementsOf(before);
        // once resumed, the group's own scale-in may take an idle instance again; none of the old ones is left
        List<String> after = instances("roll");
        assertThat(news).containsAll(after);
        assertThat(after).hasSizeGreaterThanOrEqualTo(2);
        try (EcsClient ecs = sim.ecs()) {
            List<String> registered = new ArrayList<>();
            ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(
                    ecs.listContainerInstances(l -> l.cluster(cluster)).containerInstanceArns())).containerInstances()
                    .forEach(i -> registered.add(i.ec2InstanceId()));
            assertThat(news).containsAll(registered);
            assertThat(registered).hasSizeGreaterThanOrEqualTo(2);
        }
        // service names are generated from the stack's: roll-web-Service-..., roll-api-Service-...
        assertThat(result.path("lowestRunning").size()).isEqualTo(2);
        result.path("lowestRunning").properties().forEach(e -> assertThat(e.getValue().asInt()).as(e.getKey())
                .isGreaterThanOrEqualTo(e.getKey().startsWith("roll-web") ? 2 : 1));
        assertThat(result.path("breaches")).isEmpty();
        assertValidClusterRollResult(result);
    }

    @Test
    void aGroupAtItsMaxSizeWhoseServicesCannotLoseATaskIsRefusedBeforeAnyChange() throws Exception {
        clusterWithTwoServices("full", "3");
        List<String> before = instances("full");
        Map<String, Long> mutations = sim.server().counters().mutations();

        CliRun run = CliRun.against(sim, "cluster", "roll", "--stack", "full", "--poll", "1s");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
        assertThat(run.stderr()).contains("refused").contains("is at its MaxSize 3").contains("MinimumHealthyPercent 100")
                .contains("Raise the group's MaxSize to 4");
        assertThat(sim.server().counters().mutations()).as("mutating calls").isEqualTo(mutations);
        assertThat(instances("full")).containsExactlyInAnyOrderElementsOf(before);
        assertThat(CliRun.against(sim, "cluster", "roll", "--stack", "nowhere").stderr()).contains("stack nowhere does not exist");
    }

    /** A cluster stack of 3 instances with web (2 tasks at 100/200) and api (2 tasks at 50/200); answers the cluster. */
    private String clusterWithTwoServices(String name, String maxSize) {
        try (CloudFormationClient cfn = sim.clients().cloudFormation()) {
            StackDeployer stacks = new StackDeployer(cfn, Clock.systemUTC(), Sleeper.REAL, DeploymentListener.NONE);
            assertThat(stacks.deploy(name, StackTemplates.bundled("cluster"), Map.of("DesiredCapacity", "3", "MaxSize", maxSize),
                    Duration.ofMinutes(2)).outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(stacks.deploy(name + "-web", StackTemplates.bundled("service"), Map.of("ClusterStack", name,
                    "Repository", "repo/web", "Version", "1"), Duration.ofMinutes(2)).outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(stacks.deploy(name + "-api", StackTemplates.bundled("service"), Map.of("ClusterStack", name,
                    "Repository", "repo/api", "Version", "1", "MinimumHealthyPercent", "50", "PathPattern", "/api/*",
                    "ListenerRulePriority", "20"), Duration.ofMinutes(2)).outcome()).isEqualTo(Outcome.SUCCEEDED);
            String arn = cfn.describeStackResource(r -> r.stackName(name).logicalResourceId("Cluster")).stackResourceDetail()
                    .physicalResourceId();
            return arn.substring(arn.lastIndexOf('/') + 1);
        }
    }

    private List<String> instances(String group) {
        try (AutoScalingClient autoScaling = sim.clients().autoScaling()) {
            return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)).autoScalingGroups().get(0)
                    .instances().stream().map(Instance::instanceId).toList();
        }
    }

    private static void assertValidClusterRollResult(JsonNode result) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(Path.of("docs/result.schema.json")));
        ObjectNode schema = ((ObjectNode) root.path("$defs").path("clusterRoll")).deepCopy();
        schema.put("$schema", root.path("$schema").asText());
        schema.set("$defs", root.path("$defs"));
        var validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        assertThat(validator.validate(result)).isEmpty();
    }
}
