package dev.berth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.aws.AwsClients;
import dev.berth.engine.stack.StackTemplates;
import dev.berth.testing.CliRun;
import dev.berth.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * berth's stories against a second AWS: moto 5.2 in server mode, an emulator written outside this project. The
 * cluster and service stacks are berth's own templates (resources/dev/berth/cloudformation), which moto creates.
 *
 * <p>What moto does not do, and what berth must still judge right:
 * <ul>
 *   <li>moto never runs tasks: a service's PRIMARY deployment stays IN_PROGRESS with its tasks pending forever.</li>
 *   <li>moto updates a stack and registers the new task definition, and sets the service's taskDefinition, but
 *       starts no new deployment: the PRIMARY keeps running the old task definition.</li>
 *   <li>moto's stack events have no ResourceProperties, no "User Initiated" reason on updates, and no resource
 *       events for an update; its change sets list no resource changes.</li>
 * </ul>
 * So no deploy against moto may be SUCCEEDED: the service it owns never runs the task definition the stack names.
 */
class MotoStoriesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER_STACK = "moto-cluster";
    private static final String REPOSITORY = "team/web";
    private static final AtomicInteger PRIORITIES = new AtomicInteger(10);

    private static MotoServer moto;
    private static AwsClients clients;
    private static CloudFormationClient cfn;
    private static EcsClient ecs;
    private static String repositoryUri;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        clients = moto.clients();
        cfn = clients.cloudFormation();
        ecs = clients.ecs();
        EcrClient ecr = clients.ecr();
        repositoryUri = ecr.createRepository(r -> r.repositoryName(REPOSITORY)).repository().repositoryUri();
        for (String tag : List.of("1", "2", "3")) {
            ecr.putImage(r -> r.repositoryName(REPOSITORY).imageTag(tag).imageManifest(manifest(tag)));
        }
        create(CLUSTER_STACK, StackTemplates.bundled("cluster"), Map.of());
    }

    @AfterAll
    static void stop() {
        if (clients != null) {
            clients.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    /** A Docker image manifest of its own for each tag, so each tag has its own digest. */
    private static String manifest(String tag) {
        String digest = "sha256:" + "0".repeat(63) + tag;
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":1,\"digest\":\""
                + digest + "\"},\"layers\":[]}";
    }

    private static void create(String name, String template, Map<String, String> parameters) {
        cfn.createStack(r -> r.stackName(name).templateBody(template)
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM)
                .parameters(parameters.entrySet().stream()
                        .map(p -> Parameter.builder().parameterKey(p.getKey()).parameterValue(p.getValue()).build()).toList()));
        String status = cfn.waiter().waitUntilStackCreateComplete(r -> r.stackName(name)).matched().response()
                .map(response -> response.stacks().get(0).stackStatusAsString()).orElse("unknown");
        assertThat(status).as("moto created stack " + name).isEqualTo("CREATE_COMPLETE");
    }

    /** A service stack from berth's service template, at version 1, with a listener rule of its own. */
    private static String serviceStack(String name) {
        int priority = PRIORITIES.incrementAndGet();
        create(name, StackTemplates.bundled("service"), Map.of("ClusterStack", CLUSTER_STACK,
                "Repository", repositoryUri, "Version", "1", "ListenerRulePriority", String.valueOf(priority),
                "PathPattern", "/" + name + "/*"));
        return name;
    }

    /** berth deploys a version; the deploy's verdict is another test's business, but moto must have taken it. */
    private static CliRun deployed(String stack, String version) {
        CliRun deploy = moto.berth("deploy", "--stack", stack, "--version", version, "--timeout", "20s");
        assertThat(parameters(stack).get("Version")).as("moto took version " + version + "; berth said: "
                + deploy.stderr()).isEqualTo(version);
        return deploy;
    }

    private static Stack stack(String name) {
        return cfn.describeStacks(r -> r.stackName(name)).stacks().get(0);
    }

    private static Map<String, String> parameters(String name) {
        return stack(name).parameters().stream().collect(Collectors.toMap(Parameter::parameterKey, Parameter::parameterValue));
    }

    /** Read with ListStackResources: moto answers DescribeStackResource with a 500 once a stack was updated. */
    private static String physicalId(String stack, String logicalId) {
        return cfn.listStackResourcesPaginator(r -> r.stackName(stack)).stackResourceSummaries().stream()
                .filter(r -> logicalId.equals(r.logicalResourceId())).findFirst().orElseThrow().physicalResourceId();
    }

    private static Service service(String stack) {
        String arn = physicalId(stack, "Service");
        return ecs.describeServices(r -> r.cluster(arn.split("/")[1]).services(arn)).services().get(0);
    }

    private static String primaryTaskDefinition(String stack) {
        return service(stack).deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst()
                .orElseThrow().taskDefinition();
    }

    private static String revision(String taskDefinitionArn) {
        return taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
    }

    private static JsonNode json(CliRun run) throws IOException {
        assertThat(run.stdout()).as("a JSON result; stderr: " + run.stderr()).isNotBlank();
        return JSON.readTree(run.stdout());
    }

    @Test
    void statusShowsTheServiceAsMotoReportsIt() throws IOException {
        String stack = serviceStack("moto-status");
        CliRun status = moto.berth("status", "--stack", stack, "-o", "json");

        assertThat(status.exitCode()).as(status.stderr()).isZero();
        JsonNode service = json(status).path("services").get(0);
        assertThat(service.path("service").asText()).isEqualTo(service(stack).serviceName());
        JsonNode primary = service.path("deployments").get(0);
        assertThat(primary.path("status").asText()).isEqualTo("PRIMARY");
        assertThat(primary.path("taskDefinition").asText()).isEqualTo(physicalId(stack, "TaskDefinition"));
        // moto never runs tasks, so the rollout is still in progress
        assertThat(primary.path("rolloutState").asText()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void waitGivesUpAtItsDeadlineOnARolloutMotoNeverFinishes() {
        String stack = serviceStack("moto-wait");
        Service service = service(stack);
        Instant started = Instant.now();
        CliRun wait = moto.berth("wait", "--cluster", service.clusterArn(), "--service", service.serviceName(),
                "--timeout", "5s");
        Duration took = Duration.between(started, Instant.now());

        assertThat(wait.exitCode()).as(wait.stderr()).isEqualTo(6);
        assertThat(wait.stdout()).contains("TIMED_OUT");
        assertThat(took).as("answered by its deadline plus one poll").isLessThan(Duration.ofSeconds(35));
    }

    @Test
    void planShowsTheVersionChangeAndChangesNothing() throws IOException {
        String stack = serviceStack("moto-plan");
        CliRun plan = moto.berth("plan", "--stack", stack, "--version", "2", "-o", "json");

        assertThat(plan.exitCode()).as(plan.stderr()).isZero();
        JsonNode result = json(plan).path("plan");
        assertThat(result.path("currentVersion").asText()).isEqualTo("1");
        assertThat(result.path("version").asText()).isEqualTo("2");
        assertThat(result.path("unchanged").asBoolean()).isFalse();
        assertThat(parameters(stack).get("Version")).isEqualTo("1");
        assertThat(stack(stack).stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
    }

    @Test
    void aTagNotInMotosEcrIsRefusedBeforeAnyChange() {
        String stack = serviceStack("moto-never-pushed");
        CliRun refused = moto.berth("deploy", "--stack", stack, "--version", "99");

        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(3);
        assertThat(refused.stderr()).contains("version 99 was never pushed to " + repositoryUri);
        assertThat(parameters(stack).get("Version")).isEqualTo("1");
        // moto's ListChangeSets answers with every stack's change sets: keep this stack's
        assertThat(cfn.listChangeSets(r -> r.stackName(stack)).summaries())
                .filteredOn(summary -> stack.equals(summary.stackName())).isEmpty();
    }

    @Test
    void aTagNotInMotosEcrIsRefusedWhenTheTemplateBuildsTheAddressFromARepositoryName() throws IOException {
        String stack = "moto-named-repository";
        try (var template = MotoStoriesIT.class.getResourceAsStream("named-repository-service.yaml")) {
            create(stack, new String(template.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    Map.of("Repository", REPOSITORY, "Version", "1"));
        }
        CliRun refused = moto.berth("plan", "--stack", stack, "--version", "99");

        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(3);
        assertThat(refused.stderr()).contains("version 99 was never pushed to " + repositoryUri)
                .contains(MotoServer.ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/team/web:99");
        assertThat(parameters(stack).get("Version")).isEqualTo("1");
    }

    @Test
    void aDeployWhoseServiceMotoNeverUpdatesIsNotSucceeded() throws IOException {
        String stack = serviceStack("moto-deploy");
        String before = primaryTaskDefinition(stack);
        CliRun deploy = moto.berth("deploy", "--stack", stack, "--version", "2", "--timeout", "20s", "-o", "json");

        // moto updated the stack: the parameter and the task definition the stack names
        assertThat(parameters(stack).get("Version")).as("moto took version 2; berth said: " + deploy.stderr()).isEqualTo("2");
        String named = physicalId(stack, "TaskDefinition");
        assertThat(named).isNotEqualTo(before);
        // but not the service: its PRIMARY deployment still runs the old task definition
        assertThat(primaryTaskDefinition(stack)).isEqualTo(before);

        JsonNode result = json(deploy);
        assertThat(result.path("outcome").asText()).as(deploy.stderr()).isEqualTo("NEEDS_ATTENTION");
        assertThat(deploy.exitCode()).isEqualTo(5);
        assertThat(result.path("reason").asText()).as("names what the service runs and what the stack names")
                .contains(revision(before)).contains(revision(named));
    }

    @Test
    void deployingTheEarlierVersionAgainIsNotUnchanged() throws IOException {
        String stack = serviceStack("moto-back-again");
        deployed(stack, "2");

        CliRun again = moto.berth("deploy", "--stack", stack, "--version", "1", "--timeout", "20s", "-o", "json");
        JsonNode result = json(again);
        // the stack's parameter was 2, so version 1 is a change; and moto's service still runs nothing new
        assertThat(result.path("outcome").asText()).as(again.stderr()).isNotIn("UNCHANGED", "SUCCEEDED");
        assertThat(again.exitCode()).isEqualTo(5);
        assertThat(parameters(stack).get("Version")).as(again.stderr()).isEqualTo("1");
    }

    @Test
    void historyListsTheCreateAndEveryDeploy() throws IOException {
        String stack = serviceStack("moto-history");
        deployed(stack, "2");
        deployed(stack, "3");

        CliRun history = moto.berth("history", "--stack", stack, "-o", "json");
        assertThat(history.exitCode()).as(history.stderr()).isZero();
        // moto's events have neither "User Initiated" nor ResourceProperties: berth must read the versions elsewhere
        List<String> versions = json(history).path("entries").findValuesAsText("version");
        assertThat(versions).as(history.stdout()).containsExactlyInAnyOrder("1", "2", "3");
    }

    @Test
    void rollbackReturnsTheStackToTheVersionItWasCreatedWith() throws IOException {
        String stack = serviceStack("moto-rollback");
        deployed(stack, "2");

        CliRun rollback = moto.berth("rollback", "--stack", stack, "--to", "1", "--timeout", "20s", "-o", "json");
        // version 1 was created with CREATE_COMPLETE, so it is a version to return to
        assertThat(rollback.exitCode()).as(rollback.stderr()).isNotEqualTo(3);
        assertThat(parameters(stack).get("Version")).as(rollback.stderr()).isEqualTo("1");
        // moto starts no deployment for the rollback either: the service did not change, so it is not SUCCEEDED
        assertThat(json(rollback).path("outcome").asText()).isEqualTo("NEEDS_ATTENTION");
        assertThat(rollback.exitCode()).isEqualTo(5);
    }
}
