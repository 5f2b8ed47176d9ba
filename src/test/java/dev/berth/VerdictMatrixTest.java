package dev.berth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.engine.Outcome;
import dev.berth.engine.rollout.PollPolicy;
import dev.berth.sim.SimConfig;
import dev.berth.sim.SimVariations;
import dev.berth.testing.CliRun;
import dev.berth.testing.SimFixture;
import dev.berth.testing.SimVariationsClient;
import dev.berth.testing.SimVariationsClient.Variation;
import dev.berth.testing.StackFixture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * berth's verdict stories (a good release, a crashing one, one that never stabilises within its
 * --timeout, one whose deployment alarm fires after it took traffic) through {@code berth deploy} against berth sim, under each of the simulator's variations
 * of AWS: every verdict and exit code right, and every command answered by its timeout, its rollback
 * grace and one poll. Each variation has a simulator of its own; its stories run at once on stacks
 * of their own.
 */
class VerdictMatrixTest {
    private static final double SPEED = 40;
    /** Long enough for a good or crashing release at this speed; the bound is checked for them too. */
    private static final Duration LONG_TIMEOUT = Duration.ofSeconds(60);
    /** A slow release needs far longer than this at this speed: it never stabilises in time. */
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final Duration ONE_POLL = PollPolicy.DEFAULT.idleMaxInterval();
    /** Pre-flight and the change set come before the update the deadline bounds; and the machine is shared. */
    private static final Duration BEFORE_THE_UPDATE = Duration.ofSeconds(3);
    private static final int VARIATIONS_AT_ONCE = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Under which AWS a story runs: as it should, one of the switched variations, or an outage after the update was executed. */
    enum Condition {
        NONE(null), EVENTS_WITHOUT_PROPERTIES(Variation.EVENTS_WITHOUT_PROPERTIES), NO_USER_INITIATED(Variation.NO_USER_INITIATED),
        SERVICE_UPDATE_NOT_APPLIED(Variation.SERVICE_UPDATE_NOT_APPLIED), SLOW_CANCEL(Variation.SLOW_CANCEL), OUTAGE(null);

        final Variation variation;

        Condition(Variation variation) {
            this.variation = variation;
        }
    }

    enum Story {
        GOOD("2", LONG_TIMEOUT), CRASH("2-crash", LONG_TIMEOUT), NEVER_STABLE("2-slow", SHORT_TIMEOUT),
        /** Starts and passes its health checks, then its 5xx alarm fires and ECS rolls it back. */
        ALARM("2-alarm", LONG_TIMEOUT);

        final String version;
        final Duration timeout;

        Story(String version, Duration timeout) {
            this.version = version;
            this.timeout = timeout;
        }
    }

    /** One command's answer, with the task definitions the service ran before and the stack names after. */
    record Row(Condition condition, Story story, int exitCode, String outcome, String reason, Duration took,
               String before, String named, String output) {
        Duration bound() {
            return story.timeout.plus(GRACE).plus(ONE_POLL).plus(BEFORE_THE_UPDATE);
        }

        Set<Outcome> rightOutcomes() {
            if (condition == Condition.SERVICE_UPDATE_NOT_APPLIED) {
                // the service never ran the new task definition; a one-second deadline may also pass before the stack is done
                return story == Story.NEVER_STABLE ? EnumSet.of(Outcome.NEEDS_ATTENTION, Outcome.TIMED_OUT)
                        : EnumSet.of(Outcome.NEEDS_ATTENTION);
            }
            return switch (story) {
                case GOOD -> EnumSet.of(Outcome.SUCCEEDED);
                case CRASH, ALARM -> EnumSet.of(Outcome.ROLLED_BACK);
                case NEVER_STABLE -> EnumSet.of(Outcome.TIMED_OUT, Outcome.NEEDS_ATTENTION);
            };
        }

        /** What is wrong with this answer, or null when it is right. */
        String wrong() {
            Outcome said;
            try {
                said = Outcome.valueOf(outcome);
            } catch (IllegalArgumentException e) {
                return "no verdict (" + outcome + ")";
            }
            if (!rightOutcomes().contains(said)) {
                return "verdict " + said + ", expected one of " + rightOutcomes();
            }
            if (exitCode != said.exitCode()) {
                return "exit " + exitCode + " for " + said;
            }
            if (took.compareTo(bound()) > 0) {
                return "answered after " + took.toMillis() + " ms, bound " + bound().toMillis() + " ms";
            }
            if (story == Story.ALARM && said == Outcome.ROLLED_BACK && !reason.contains("deployment alarm ")) {
                return "the reason does not name the deployment alarm";
            }
            if (condition == Condition.SERVICE_UPDATE_NOT_APPLIED && said == Outcome.NEEDS_ATTENTION
                    && !(reason.contains(revision(before)) && reason.contains(revision(named)))) {
                return "the reason names not both " + revision(before) + " (running) and " + revision(named) + " (the stack's)";
            }
            return null;
        }

        String line() {
            String wrong = wrong();
            return String.format("%-27s %-13s exit %d %-15s %6d ms (bound %d ms) %s", condition, story, exitCode, outcome,
                    took.toMillis(), bound().toMillis(), wrong == null ? "right" : "WRONG: " + wrong);
        }
    }

    @Test
    void everyVerdictIsRightAndInTimeUnderEveryVariation() throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(VARIATIONS_AT_ONCE);
        List<CompletableFuture<List<Row>>> running = new ArrayList<>();
        try {
            for (Condition condition : Condition.values()) {
                running.add(CompletableFuture.supplyAsync(() -> under(condition), pool));
            }
            List<Row> rows = new ArrayList<>();
            for (CompletableFuture<List<Row>> future : running) {
                rows.addAll(future.get());
            }
            StringBuilder table = new StringBuilder();
            rows.forEach(row -> table.append(row.line()).append('\n'));
            long right = rows.stream().filter(row -> row.wrong() == null).count();
            System.out.printf("verdict matrix: %d of %d right in %d ms%n%s", right, rows.size(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), table);
            assertThat(rows).hasSize(Condition.values().length * Story.values().length);
            assertThat(rows).as(table + "\n" + details(rows)).allMatch(row -> row.wrong() == null);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String details(List<Row> rows) {
        StringBuilder text = new StringBuilder();
        rows.stream().filter(row -> row.wrong() != null)
                .forEach(row -> text.append("---- ").append(row.condition()).append(' ').append(row.story()).append('\n')
                        .append(row.output()).append('\n'));
        return text.toString();
    }

    /** The stories on a simulator of their own under {@code condition}. */
    private static List<Row> under(Condition condition) {
        try (SimFixture sim = SimFixture.start(SPEED);
             CloudFormationClient cfn = sim.clients().cloudFormation();
             EcsClient ecs = sim.ecs()) {
            String prefix = condition.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            List<CompletableFuture<String>> creating = new ArrayList<>();
            for (Story story : Story.values()) {
                String name = prefix + "-" + story.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                Map<String, String> parameters = story == Story.ALARM ? Map.of("DeploymentAlarms", "rollback") : Map.of();
                creating.add(CompletableFuture.supplyAsync(() -> StackFixture.clusterAndService(sim, name, parameters)));
            }
            List<String> stacks = creating.stream().map(CompletableFuture::join).toList();
            if (condition.variation != null) {
                condition.variation.switchOn(sim.variations());
            }
            List<String> before = stacks.stream().map(stack -> primaryTaskDefinition(cfn, ecs, stack)).toList();
            List<CompletableFuture<Row>> deploys = new ArrayList<>();
            for (int i = 0; i < stacks.size(); i++) {
                Story story = Story.values()[i];
                String stack = stacks.get(i);
                String was = before.get(i);
                deploys.add(CompletableFuture.supplyAsync(() -> deploy(condition, story, stack, sim, cfn, was)));
            }
            if (condition == Condition.OUTAGE) {
                for (String stack : stacks) {
                    awaitUpdateStarted(cfn, stack);
                }
                sim.variations().outage(Duration.ofSeconds(2), SimVariationsClient.Outage.REFUSE);
            }
            return deploys.stream().map(CompletableFuture::join).toList();
        }
    }

    private static Row deploy(Condition condition, Story story, String stack, SimFixture sim, CloudFormationClient cfn,
            String before) {
        long started = System.nanoTime();
        CliRun run = CliRun.against(sim, "deploy", "--stack", stack, "--version", story.version,
                "--timeout", story.timeout.toSeconds() + "s", "--rollback-grace", GRACE.toSeconds() + "s", "-o", "json");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String outcome = "(none)";
        String reason = "";
        try {
            JsonNode result = JSON.readTree(run.stdout());
            outcome = result.path("outcome").asText("(none)");
            reason = result.path("reason").asText("");
        } catch (IOException | RuntimeException e) {
            // no JSON result: the row says so
        }
        String named = condition == Condition.SERVICE_UPDATE_NOT_APPLIED ? resource(cfn, stack, "TaskDefinition") : "";
        return new Row(condition, story, run.exitCode(), outcome, reason, took, before, named,
                run.stdout() + "\n" + run.stderr());
    }

    private static String resource(CloudFormationClient cfn, String stack, String logicalId) {
        return cfn.describeStackResource(r -> r.stackName(stack).logicalResourceId(logicalId)).stackResourceDetail()
                .physicalResourceId();
    }

    private static String primaryTaskDefinition(CloudFormationClient cfn, EcsClient ecs, String stack) {
        String arn = resource(cfn, stack, "Service");
        return ecs.describeServices(r -> r.cluster(arn.split("/")[1]).services(arn)).services().get(0).deployments().stream()
                .filter(d -> "PRIMARY".equals(d.status())).findFirst().orElseThrow().taskDefinition();
    }

    private static String revision(String taskDefinitionArn) {
        return taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
    }

    /** Waits until CloudFormation carries out the update berth executed. */
    private static void awaitUpdateStarted(CloudFormationClient cfn, String stack) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatusAsString().startsWith("CREATE_")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the update of " + stack + " never started");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void historyAndRollbackWithoutUserInitiatedOrResourceProperties() throws IOException {
        SimConfig config = SimConfig.defaults().withSpeed(SPEED)
                .withVariations(new SimVariations.Settings(true, true, false, Duration.ZERO));
        try (SimFixture sim = SimFixture.start(config); CloudFormationClient cfn = sim.clients().cloudFormation()) {
            String stack = StackFixture.clusterAndService(sim, "bare", Map.of());
            for (String version : List.of("2", "3")) {
                CliRun deploy = CliRun.against(sim, "deploy", "--stack", stack, "--version", version);
                assertThat(deploy.exitCode()).as(deploy.stderr()).isZero();
            }
            assertThat(cfn.describeStackEvents(r -> r.stackName(stack)).stackEvents())
                    .as("the simulator's events carry neither")
                    .allSatisfy(e -> assertThat(e.resourceProperties()).isNull())
                    .noneMatch(e -> "User Initiated".equals(e.resourceStatusReason()));

            assertThat(versions(sim, stack)).containsExactly("3", "2", "1");

            CliRun rollback = CliRun.against(sim, "rollback", "--stack", stack, "--to", "1", "--reason", "back to the first");
            assertThat(rollback.exitCode()).as(rollback.stdout() + rollback.stderr()).isZero();
            assertThat(cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).parameters())
                    .filteredOn(p -> p.parameterKey().equals("Version")).extracting(Parameter::parameterValue).containsExactly("1");
            assertThat(versions(sim, stack)).containsExactly("1", "3", "2", "1");
        }
    }

    private static List<String> versions(SimFixture sim, String stack) throws IOException {
        CliRun history = CliRun.against(sim, "history", "--stack", stack, "-o", "json");
        assertThat(history.exitCode()).as(history.stderr()).isZero();
        JsonNode result = JSON.readTree(history.stdout());
        assertThat(result.path("incomplete").asBoolean()).as(history.stdout()).isFalse();
        List<String> versions = new ArrayList<>();
        result.path("entries").forEach(entry -> versions.add(entry.path("version").asText("(none)")));
        return versions;
    }
}
